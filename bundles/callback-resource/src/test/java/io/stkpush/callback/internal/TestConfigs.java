package io.stkpush.callback.internal;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Configuration as DS would hand it over, and a Config Admin that keeps what is written to it. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** A {@link CallbackConfig} with these values; every other attribute has its default. */
    static CallbackConfig config(Map<String, Object> values) {
        return (CallbackConfig) Proxy.newProxyInstance(CallbackConfig.class.getClassLoader(),
                new Class<?>[] {CallbackConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return CallbackConfig.class;
                    }
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }

    static CallbackConfig config(Object... namesAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return config(values);
    }

    /** Keeps one configuration per PID in memory; {@link #updates} lists what was written. */
    static final class MemoryConfigAdmin {

        final Map<String, Hashtable<String, Object>> stored = new HashMap<>();
        final List<Map<String, Object>> updates = new CopyOnWriteArrayList<>();
        volatile boolean broken;

        ConfigurationAdmin service() {
            return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                    new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConfiguration")) {
                            if (broken) {
                                throw new java.io.IOException("storage is read-only");
                            }
                            return configuration((String) args[0]);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        private Configuration configuration(String pid) {
            return (Configuration) Proxy.newProxyInstance(Configuration.class.getClassLoader(),
                    new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getProperties":
                                Hashtable<String, Object> current = stored.get(pid);
                                return current == null ? null : new Hashtable<>(current);
                            case "update":
                                @SuppressWarnings("unchecked")
                                Dictionary<String, Object> props = (Dictionary<String, Object>) args[0];
                                Hashtable<String, Object> copy = new Hashtable<>();
                                for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                                    String key = keys.nextElement();
                                    copy.put(key, props.get(key));
                                }
                                stored.put(pid, copy);
                                updates.add(Map.copyOf(copy));
                                return null;
                            case "getPid":
                                return pid;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }
}
