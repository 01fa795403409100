package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** The public addresses M-Pesa calls back: resolved against the configured base and checked for words it refuses. */
final class CallbackAddress {

    /** Daraja's URL rules for C2B, widely applied to STK callbacks too. */
    private static final List<String> REFUSED_WORDS = List.of("mpesa", "m-pesa", "safaricom", "query", "sql",
            "exe", "cmd");

    private CallbackAddress() {
    }

    /**
     * The URL to send: absolute URLs as they are, relative ones against {@code base}.
     *
     * @return {@code null} when the URL is relative and there is no base
     */
    static URI resolve(URI url, URI base) {
        if (url.isAbsolute()) {
            return url;
        }
        if (base == null) {
            return null;
        }
        String baseText = base.toString();
        String path = url.toString();
        if (baseText.endsWith("/") && path.startsWith("/")) {
            path = path.substring(1);
        } else if (!baseText.endsWith("/") && !path.startsWith("/")) {
            path = "/" + path;
        }
        return URI.create(baseText + path);
    }

    /** The first word M-Pesa refuses in a URL, or {@code null}. */
    static String refusedWord(URI url) {
        String text = url.toString().toLowerCase(Locale.ROOT);
        for (String word : REFUSED_WORDS) {
            if (text.contains(word)) {
                return word;
            }
        }
        return null;
    }

    static boolean isHttp(URI url) {
        return url.isAbsolute() && url.getHost() != null
                && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()));
    }
}
