package io.stkpush.callback.internal;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A C2B validation or confirmation body (same shape for both). Amounts and times come as strings; MSISDN is
 * masked ({@code 2547 ***** 126}, v2) or a SHA-256 hex (v1) and is kept as text.
 *
 * @param transactionId    {@code TransID}, the M-Pesa receipt, or {@code null}
 * @param amount           {@code TransAmount}, or {@code null}
 * @param transTime        {@code TransTime} as sent ({@code yyyyMMddHHmmss}, EAT), or {@code null}
 * @param billRefNumber    {@code BillRefNumber}: the account number the customer typed, or {@code null}
 * @param msisdn           {@code MSISDN}, or {@code null}
 * @param shortCode        {@code BusinessShortCode}, or {@code null}
 */
record C2bNotification(String transactionId, BigDecimal amount, String transTime, String billRefNumber,
        String msisdn, String shortCode) {

    /** @throws InvalidCallbackException when the body is not a JSON object or a field has a wrong type */
    static C2bNotification parse(String body) throws InvalidCallbackException {
        var root = DarajaJson.object(body);
        return new C2bNotification(
                // the limits are the ledger's columns (V1__ledger.sql)
                DarajaJson.limited(DarajaJson.text(root.get("TransID"), "TransID"), 64, "TransID"),
                DarajaJson.decimal(root.get("TransAmount"), "TransAmount"),
                DarajaJson.digitsOrText(root.get("TransTime"), "TransTime"),
                DarajaJson.limited(DarajaJson.text(root.get("BillRefNumber"), "BillRefNumber"), 128, "BillRefNumber"),
                DarajaJson.limited(DarajaJson.digitsOrText(root.get("MSISDN"), "MSISDN"), 128, "MSISDN"),
                DarajaJson.text(root.get("BusinessShortCode"), "BusinessShortCode"));
    }

    /** When it was paid, from {@code TransTime}; {@code null} when absent or unreadable. */
    Instant paidAt() {
        return DarajaJson.eatTimestamp(transTime);
    }
}
