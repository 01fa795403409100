package io.stkpush.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A component property type as DS would make it: the annotation's defaults, some values overridden. */
public final class Configs {

    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                        : method.getDefaultValue()));
    }
}
