package io.stkpush.callback.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a hook answers: a status and a JSON body (none for 404). Kept apart from JAX-RS so the handling can be
 * checked without an HTTP server.
 */
record HookAnswer(int status, Map<String, Object> body) {

    /** STK: no body is documented; this is what Daraja integrations answer. */
    static HookAnswer stkAccepted() {
        return new HookAnswer(200, darajaBody(0, "Accepted"));
    }

    /** C2B validation accepts with the code as a string, as Daraja documents it. */
    static HookAnswer c2bValidationAccepted() {
        return new HookAnswer(200, darajaBody("0", "Accepted"));
    }

    /** C2B confirmation acknowledgement, as Daraja documents it. */
    static HookAnswer c2bConfirmed() {
        return new HookAnswer(200, darajaBody(0, "Success"));
    }

    /** A missing or wrong token: nothing that tells a prober what was wrong. */
    static HookAnswer notFound() {
        return new HookAnswer(404, null);
    }

    static HookAnswer forbidden() {
        return error(403, "forbidden", "This address may not call back.");
    }

    static HookAnswer tooLarge(int limit) {
        return error(413, "body_too_large", "The body is larger than " + limit + " bytes.");
    }

    static HookAnswer invalid(String message) {
        return error(400, "invalid_callback", message);
    }

    /** The ledger could not be used; the sender may retry. */
    static HookAnswer unavailable() {
        return error(503, "unavailable", "The payment ledger cannot be reached right now. Try again later.");
    }

    private static HookAnswer error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return new HookAnswer(status, body);
    }

    private static Map<String, Object> darajaBody(Object resultCode, String resultDesc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ResultCode", resultCode);
        body.put("ResultDesc", resultDesc);
        return body;
    }
}
