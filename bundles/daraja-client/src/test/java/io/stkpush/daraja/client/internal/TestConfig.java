package io.stkpush.daraja.client.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A {@link DarajaConfig} as Config Admin would hand it over: the given values, else the annotation's defaults. */
final class TestConfig {

    static final String CONSUMER_KEY = "ck-Kx7Qp2Lm9Vw4";
    static final String CONSUMER_SECRET = "cs-Zr8Yt3Nb6Hd1";
    static final String PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    private TestConfig() {
    }

    /** A valid configuration for a Daraja at {@code baseUrl}, changed by {@code overrides}. */
    static DarajaConfig against(String baseUrl, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("environment", "custom");
        values.put("baseUrl", baseUrl);
        values.put("consumerKey", CONSUMER_KEY);
        values.put("consumerSecret", CONSUMER_SECRET);
        values.put("shortCode", "174379");
        values.put("passkey", PASSKEY);
        values.put("callbackBaseUrl", "https://billing.example.com");
        values.put("requestsPerSecond", 100_000); // no client-side limit in the way: RateLimitTest sets its own
        values.put("statusQueriesPerSecond", 99_999);
        values.put("readTimeout", 2);
        values.putAll(overrides);
        return of(values);
    }

    static DarajaConfig of(Map<String, Object> values) {
        return (DarajaConfig) Proxy.newProxyInstance(DarajaConfig.class.getClassLoader(),
                new Class<?>[] { DarajaConfig.class }, (proxy, method, args) -> {
                    String name = method.getName();
                    if (values.containsKey(name)) {
                        return values.get(name);
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (name) {
                        case "annotationType" -> DarajaConfig.class;
                        case "toString" -> "DarajaConfig";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(name);
                    };
                });
    }
}
