package io.stkpush.daraja.simulator.internal;

/** A {@code stkpushquery} body that passed Daraja's field checks. */
record StkQueryRequest(String businessShortCode, String password, String timestamp, String checkoutRequestId) {

    static StkQueryRequest parse(RequestBody body) {
        String shortCode = body.digits("BusinessShortCode", 5, 7);
        String password = body.text("Password");
        String timestamp = StkPushRequest.timestamp(body);
        String checkoutRequestId = body.text("CheckoutRequestID");
        return new StkQueryRequest(shortCode, password, timestamp, checkoutRequestId);
    }
}
