package io.stkpush.webconsole.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Configurations held in memory, listed as Config Admin lists them (the filter evaluated by the OSGi filter
 * implementation). Any other call fails the test: the page must only read.
 */
final class MemoryConfigurationAdmin {

    private record Stored(String pid, String factoryPid, Hashtable<String, Object> properties) {
    }

    private final List<Stored> stored = new ArrayList<>();
    final AtomicInteger otherCalls = new AtomicInteger();
    volatile boolean broken;

    /** A configuration as file install creates it from {@code etc/<pid>.cfg}. */
    MemoryConfigurationAdmin put(String pid, Map<String, Object> values) {
        return put(pid, null, values);
    }

    MemoryConfigurationAdmin put(String pid, String factoryPid, Map<String, Object> values) {
        Hashtable<String, Object> properties = new Hashtable<>(values);
        properties.put("service.pid", pid);
        if (factoryPid != null) {
            properties.put("service.factoryPid", factoryPid);
        }
        stored.add(new Stored(pid, factoryPid, properties));
        return this;
    }

    ConfigurationAdmin service() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        if (broken) {
                            throw new IOException("configuration storage unreadable at /opt/karaf/etc");
                        }
                        return list((String) args[0]);
                    }
                    otherCalls.incrementAndGet();
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private Configuration[] list(String filter) throws Exception {
        List<Configuration> found = new ArrayList<>();
        for (Stored s : stored) {
            if (filter == null || FrameworkUtil.createFilter(filter).match(s.properties())) {
                found.add(configuration(s));
            }
        }
        return found.isEmpty() ? null : found.toArray(new Configuration[0]);
    }

    private Configuration configuration(Stored s) {
        return (Configuration) Proxy.newProxyInstance(Configuration.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> s.pid();
                    case "getFactoryPid" -> s.factoryPid();
                    case "getProperties" -> (Dictionary<String, Object>) new Hashtable<>(s.properties());
                    default -> {
                        otherCalls.incrementAndGet();
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
