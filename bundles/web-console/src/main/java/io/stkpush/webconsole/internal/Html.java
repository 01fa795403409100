package io.stkpush.webconsole.internal;

/**
 * Text made safe for the page: every value the page shows goes through {@link #text(Object)}, whether it came
 * from a configuration, the journal, the provider or the request.
 */
final class Html {

    private Html() {
    }

    /**
     * The value as HTML text or as a quoted attribute value; {@code null} becomes the empty string.
     *
     * <p>Besides the HTML characters, {@code $} and {@code \} are written as character references: the Web
     * Console passes a plugin's HTML through a filter that replaces {@code ${name}} with its own texts and drops a
     * backslash before {@code $}, so a configured value could otherwise change what the page says.
     */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '$' -> out.append("&#36;");
                case '\\' -> out.append("&#92;");
                default -> {
                    // control characters other than tab and line breaks have no business on the page
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
