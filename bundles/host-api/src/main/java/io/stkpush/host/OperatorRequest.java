package io.stkpush.host;

import java.util.List;
import java.util.Map;

/**
 * The parts of an HTTP request a host uses to recognise its operator: headers (e.g. {@code Authorization})
 * and cookies (e.g. the host portal's session).
 *
 * @param headers header names in lower case, each with its values
 * @param cookies cookie names with their values
 */
public record OperatorRequest(Map<String, List<String>> headers, Map<String, String> cookies) {

    public OperatorRequest {
        headers = Map.copyOf(headers);
        cookies = Map.copyOf(cookies);
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
