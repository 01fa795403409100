package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The validated configuration. {@link #from(DarajaConfig)} names every bad key in its message and never repeats a
 * configured value, so a secret typed into the wrong field cannot leak through it.
 */
record DarajaSettings(DarajaEnvironment environment, String baseUrl, Secret consumerKey, Secret consumerSecret,
        String shortCode, Secret passkey, PaymentMode mode, String partyB, URI callbackBaseUrl,
        String accountReference, String transactionDesc, Duration connectTimeout, Duration readTimeout,
        int requestsPerSecond, int statusQueriesPerSecond, int busyRetries, Duration busyRetryDelay) {

    static final String PID = "io.stkpush.daraja";

    /** @throws IllegalArgumentException naming every bad key, e.g. {@code io.stkpush.daraja: shortCode must be 5 to 7 digits} */
    static DarajaSettings from(DarajaConfig config) {
        List<String> problems = new ArrayList<>();

        DarajaEnvironment environment = null;
        String baseUrl = null;
        try {
            environment = DarajaEnvironment.valueOf(trim(config.environment()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("environment must be sandbox, production or custom");
        }
        if (environment == DarajaEnvironment.CUSTOM) {
            URI base = uri(trim(config.baseUrl()));
            // no user info either: the base URL is logged
            if (base == null || !CallbackAddress.isHttp(base) || base.getRawQuery() != null
                    || base.getRawUserInfo() != null) {
                problems.add("baseUrl must be an http or https URL without a query or user info when environment is"
                        + " custom");
            } else {
                baseUrl = stripTrailingSlash(base.toString());
            }
        } else if (environment != null) {
            baseUrl = environment.baseUrl();
        }

        // Daraja refuses credentials with stray spaces, so they are trimmed rather than sent as typed
        String consumerKey = trim(config.consumerKey());
        if (consumerKey.isEmpty()) {
            problems.add("consumerKey is required");
        }
        String consumerSecret = trim(config.consumerSecret());
        if (consumerSecret.isEmpty()) {
            problems.add("consumerSecret is required");
        }
        String shortCode = trim(config.shortCode());
        if (!shortCode.matches("\\d{5,7}")) {
            problems.add("shortCode must be 5 to 7 digits");
        }
        String passkey = trim(config.passkey());
        if (passkey.isEmpty()) {
            problems.add("passkey is required");
        }

        PaymentMode mode = null;
        try {
            mode = PaymentMode.valueOf(trim(config.mode()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("mode must be paybill or till");
        }
        String partyB = shortCode;
        if (mode == PaymentMode.TILL) {
            partyB = trim(config.partyB());
            if (!partyB.matches("\\d{5,7}")) {
                problems.add("partyB must be the till number (5 to 7 digits) when mode is till");
            }
        }

        URI callbackBaseUrl = null;
        String callbackText = trim(config.callbackBaseUrl());
        if (!callbackText.isEmpty()) {
            callbackBaseUrl = uri(callbackText);
            if (callbackBaseUrl == null || !CallbackAddress.isHttp(callbackBaseUrl)
                    || callbackBaseUrl.getRawUserInfo() != null) {
                problems.add("callbackBaseUrl must be an http or https URL without user info");
                callbackBaseUrl = null;
            } else if (CallbackAddress.refusedWord(callbackBaseUrl) != null) {
                problems.add("callbackBaseUrl must not contain the word '" + CallbackAddress.refusedWord(callbackBaseUrl)
                        + "', which M-Pesa refuses in callback URLs");
            } else if (environment != null && environment != DarajaEnvironment.CUSTOM
                    && !"https".equalsIgnoreCase(callbackBaseUrl.getScheme())) {
                // Safaricom calls back over the internet (the sandbox too): payment results must not travel in clear.
                // Plain http stays allowed for custom, where the simulator calls back on the same machine.
                problems.add("callbackBaseUrl must be an https URL when environment is " + environment.label()
                        + " (http is only allowed for custom)");
            }
        }

        String accountReference = checkedText(config.accountReference(), PromptText.ACCOUNT_REFERENCE_MAX,
                "accountReference", problems);
        String transactionDesc = checkedText(config.transactionDesc(), PromptText.DESCRIPTION_MAX, "transactionDesc",
                problems);

        int connectTimeout = inRange(config.connectTimeout(), 1, 300, "connectTimeout (seconds)", problems);
        int readTimeout = inRange(config.readTimeout(), 1, 300, "readTimeout (seconds)", problems);
        int requestsPerSecond = inRange(config.requestsPerSecond(), 1, 100_000, "requestsPerSecond", problems);
        // pushes keep a share of Daraja's budget that queries cannot take: a budget set too high (or an older
        // configuration with a small requestsPerSecond) is brought down to one less than requestsPerSecond
        int statusQueriesPerSecond = Math.min(
                inRange(config.statusQueriesPerSecond(), 1, 100_000, "statusQueriesPerSecond", problems),
                Math.max(1, requestsPerSecond - 1));
        int busyRetries = inRange(config.busyRetries(), 0, 10, "busyRetries", problems);
        int busyRetryDelay = inRange(config.busyRetryDelayMillis(), 0, 60_000, "busyRetryDelayMillis", problems);

        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(PID + ": " + String.join("; ", problems));
        }
        return new DarajaSettings(environment, baseUrl, new Secret(consumerKey), new Secret(consumerSecret),
                shortCode, new Secret(passkey), mode, partyB, callbackBaseUrl, accountReference, transactionDesc,
                Duration.ofSeconds(connectTimeout), Duration.ofSeconds(readTimeout), requestsPerSecond,
                statusQueriesPerSecond, busyRetries,
                Duration.ofMillis(busyRetryDelay));
    }

    /** For logs: where and as whom, never with credentials. */
    String summary() {
        return environment.label() + " (" + baseUrl + "), short code " + shortCode + ", "
                + mode.name().toLowerCase(Locale.ROOT) + (mode == PaymentMode.TILL ? " " + partyB : "");
    }

    private static String checkedText(String value, int max, String key, List<String> problems) {
        String text = trim(value);
        if (text.isEmpty() || text.length() > max || !PromptText.clean(text, max).equals(text)) {
            problems.add(key + " must be 1 to " + max + " letters, digits, spaces or . _ -");
        }
        return text;
    }

    private static int inRange(int value, int min, int max, String key, List<String> problems) {
        if (value < min || value > max) {
            problems.add(key + " must be between " + min + " and " + max);
        }
        return value;
    }

    private static URI uri(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static String stripTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
