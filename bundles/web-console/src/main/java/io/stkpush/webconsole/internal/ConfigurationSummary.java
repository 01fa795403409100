package io.stkpush.webconsole.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The stkpush configurations as Config Admin holds them, every secret masked ({@link Masking}). Read with
 * {@code listConfigurations} only: {@code getConfiguration} would create an empty configuration for a PID
 * that has none, and bind it to this bundle.
 */
final class ConfigurationSummary {

    /** One key and what the page shows of its value. */
    record Setting(String key, String shown) {
    }

    /**
     * One configuration, or a known PID without one.
     *
     * @param name     what the administrator knows it by (the PID, or {@code org.ops4j.datasource-stkpush})
     * @param pid      the PID Config Admin has it under, or {@code null} when there is no configuration
     * @param settings its keys, sorted, values masked
     * @param absence  what having no configuration means, or {@code null} when there is one
     */
    record Pid(String name, String pid, List<Setting> settings, String absence) {

        boolean configured() {
            return pid != null;
        }
    }

    /** The ledger's datasource: a pax-jdbc-config factory configuration, named after its file. */
    static final String DATASOURCE = "org.ops4j.datasource-stkpush";
    static final String DATASOURCE_FACTORY = "org.ops4j.datasource";

    /** The PIDs stkpush reads, in the order an administrator goes through them. */
    static final List<String> KNOWN = List.of("io.stkpush.daraja", "io.stkpush.callback", "io.stkpush.push",
            "io.stkpush.poller", "io.stkpush.ledger", "io.stkpush.events", "io.stkpush.relay", "io.stkpush.renewal",
            DATASOURCE, "io.stkpush.login", "io.stkpush.demo.host", "io.stkpush.daraja.simulator");

    private static final String DEFAULTS_APPLY = "Not configured: the defaults apply.";
    private static final Map<String, String> ABSENCE = Map.of(
            "io.stkpush.daraja", "Not configured: the Daraja client does not start until it is.",
            DATASOURCE, "Not configured: the payment ledger has no database.");

    /** Config Admin's and file install's own keys: bookkeeping, not settings. */
    private static final Set<String> HIDDEN = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename");

    private static final String FILTER = "(|(service.pid=io.stkpush.*)(service.factoryPid=io.stkpush.*)"
            + "(service.factoryPid=" + DATASOURCE_FACTORY + "))";

    private ConfigurationSummary() {
    }

    /** The known PIDs in order (configured or not), then any other {@code io.stkpush} configuration. */
    static List<Pid> read(ConfigurationAdmin admin) throws IOException {
        Configuration[] found;
        try {
            found = admin.listConfigurations(FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the filter is a constant", e);
        }
        Map<String, List<Pid>> byName = new LinkedHashMap<>();
        for (Configuration configuration : found == null ? new Configuration[0] : found) {
            String name = nameOf(configuration);
            if (name != null) {
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(summary(name, configuration));
            }
        }
        List<Pid> pids = new ArrayList<>();
        for (String name : KNOWN) {
            List<Pid> configured = byName.remove(name);
            if (configured == null) {
                pids.add(new Pid(name, null, List.of(), ABSENCE.getOrDefault(name, DEFAULTS_APPLY)));
            } else {
                configured.sort(Comparator.comparing(Pid::pid));
                pids.addAll(configured);
            }
        }
        byName.values().stream().flatMap(List::stream).sorted(Comparator.comparing(Pid::name)).forEach(pids::add);
        return pids;
    }

    /**
     * What the administrator calls this configuration, or {@code null} for another application's datasource.
     * File install names the datasource's configuration after {@code etc/org.ops4j.datasource-stkpush.cfg}.
     */
    private static String nameOf(Configuration configuration) {
        if (!DATASOURCE_FACTORY.equals(configuration.getFactoryPid())) {
            return configuration.getPid();
        }
        Dictionary<String, Object> properties = configuration.getProperties();
        Object dataSourceName = properties == null ? null : properties.get("dataSourceName");
        Object file = properties == null ? null : properties.get("felix.fileinstall.filename");
        boolean ours = "stkpush".equals(dataSourceName) || configuration.getPid().endsWith("~stkpush")
                || (file != null && file.toString().endsWith(DATASOURCE + ".cfg"));
        return ours ? DATASOURCE : null;
    }

    private static Pid summary(String name, Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        List<Setting> settings = new ArrayList<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!HIDDEN.contains(key)) {
                    settings.add(new Setting(key, Masking.configValue(key, properties.get(key))));
                }
            }
        }
        settings.sort(Comparator.comparing(Setting::key, String.CASE_INSENSITIVE_ORDER));
        return new Pid(name, configuration.getPid(), Collections.unmodifiableList(settings), null);
    }
}
