package io.stkpush.renewal.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The operator's words about renewals, from {@code renewal.properties} beside this class (translatable). */
final class RenewalText {

    private static final ResourceBundle WORDS = ResourceBundle.getBundle("io.stkpush.renewal.internal.renewal",
            Locale.ROOT, RenewalText.class.getClassLoader(),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

    private RenewalText() {
    }

    static String of(String key, Object... args) {
        String pattern = WORDS.getString(key);
        return args.length == 0 ? pattern.replace("''", "'") : new MessageFormat(pattern, Locale.ROOT).format(args);
    }
}
