package io.stkpush.daraja.simulator.internal;

/** A sandbox {@code c2b/simulate} body: a customer paying a Paybill or Till from their phone. */
record C2bSimulation(String shortCode, String commandId, long amount, Msisdn msisdn, String billRefNumber) {

    static C2bSimulation parse(RequestBody body) {
        String shortCode = body.digits("ShortCode", 5, 7);
        String commandId = body.text("CommandID");
        if (!commandId.equals(StkPushRequest.PAYBILL) && !commandId.equals(StkPushRequest.BUY_GOODS)) {
            throw DarajaError.invalid("CommandID");
        }
        long amount = body.amount("Amount");
        Msisdn msisdn = body.msisdn("Msisdn");
        String billRef = body.optionalText("BillRefNumber");
        return new C2bSimulation(shortCode, commandId, amount, msisdn, billRef == null ? "" : billRef);
    }
}
