package io.stkpush.daraja.client.internal;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error Daraja put in the body, from either envelope it uses:
 * {@code {"requestId","errorCode","errorMessage"}} or the API gateway's
 * {@code {"fault":{"faultstring","detail":{"errorcode"}}}}.
 *
 * @param code    e.g. {@code 400.002.02}, or the gateway's {@code messaging.adaptors.http.flow.ApplicationNotFound}
 * @param message e.g. {@code Bad Request - Invalid PhoneNumber}; may be empty
 * @param fault   true for the gateway envelope
 */
record DarajaError(String code, String message, boolean fault) {

    /** The error in the body, or {@code null} when it carries none. */
    static DarajaError in(JsonNode body) {
        if (body == null) {
            return null;
        }
        String code = DarajaAnswer.text(body, "errorCode");
        if (code == null) {
            code = DarajaAnswer.text(body, "errorcode");
        }
        if (code != null) {
            String message = DarajaAnswer.text(body, "errorMessage");
            if (message == null) {
                message = DarajaAnswer.text(body, "errormessage");
            }
            return new DarajaError(code, message == null ? "" : message, false);
        }
        JsonNode fault = body.get("fault");
        if (fault != null && fault.isObject()) {
            String faultString = DarajaAnswer.text(fault, "faultstring");
            JsonNode detail = fault.get("detail");
            String faultCode = detail == null ? null : DarajaAnswer.text(detail, "errorcode");
            return new DarajaError(faultCode == null ? "fault" : faultCode, faultString == null ? "" : faultString,
                    true);
        }
        return null;
    }

    boolean is(String errorCode) {
        return code.equals(errorCode);
    }

    /** Daraja refused the access token: expired, replaced by a newer one, or issued by the other environment. */
    boolean isInvalidToken() {
        if (fault) {
            return code.contains("InvalidAccessToken") || code.contains("access_token_expired");
        }
        return is("404.001.03") || is("400.003.01");
    }

    /** System busy, spike arrest or quota: refused before anything was done, so retrying is safe. */
    boolean isBusy() {
        if (fault) {
            return code.contains("SpikeArrest") || code.contains("QuotaViolation");
        }
        return is("500.003.02") || is("500.003.03");
    }

    boolean mentions(String words) {
        return message.toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT));
    }
}
