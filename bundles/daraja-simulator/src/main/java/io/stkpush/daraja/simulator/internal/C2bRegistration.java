package io.stkpush.daraja.simulator.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The C2B URLs registered for a short code. The API version matters: v1 notifications carry the payer's
 * MSISDN as a SHA-256 hash, v2 as a masked number.
 */
record C2bRegistration(String shortCode, String responseType, URI confirmationUrl, URI validationUrl,
        String version) {

    /** Daraja's C2B page forbids these words anywhere in the URL. */
    private static final List<String> FORBIDDEN_WORDS =
            List.of("m-pesa", "mpesa", "safaricom", "exe", "cmd", "sql", "query");

    static C2bRegistration parse(RequestBody body, String version) {
        String shortCode = body.digits("ShortCode", 5, 7);
        String responseType = body.text("ResponseType");
        if (!responseType.equals("Completed") && !responseType.equals("Cancelled")) {
            throw DarajaError.invalid("ResponseType");
        }
        URI confirmation = allowed(body.url("ConfirmationURL"), "ConfirmationURL");
        URI validation = body.optionalText("ValidationURL") == null
                ? null
                : allowed(body.url("ValidationURL"), "ValidationURL");
        return new C2bRegistration(shortCode, responseType, confirmation, validation, version);
    }

    /** When the validation URL cannot be reached, the registered ResponseType decides. */
    boolean completesWithoutValidation() {
        return responseType.equals("Completed");
    }

    boolean hashesMsisdn() {
        return version.equals("v1");
    }

    private static URI allowed(URI url, String field) {
        String text = url.toString().toLowerCase(Locale.ROOT);
        if (FORBIDDEN_WORDS.stream().anyMatch(text::contains)) {
            throw DarajaError.invalid(field);
        }
        return url;
    }
}
