package io.stkpush.daraja.simulator.internal;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A payment into a short code, notified to its C2B URLs. Every field of the notification is a string. */
record C2bPayment(String transId, Instant time, long amount, String shortCode, String billRefNumber, Msisdn msisdn,
        String transactionType) {

    static String transactionType(String commandId) {
        return commandId.equals(StkPushRequest.BUY_GOODS) ? "Buy Goods" : "Pay Bill";
    }

    /**
     * The validation / confirmation body of daraja.md §6.2. {@code orgAccountBalance} is null for validation,
     * where Daraja leaves it blank.
     */
    ObjectNode notification(C2bRegistration registration, BigDecimal orgAccountBalance) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("TransactionType", transactionType);
        body.put("TransID", transId);
        body.put("TransTime", DarajaIds.TIMESTAMP.format(time.atZone(DarajaIds.EAT)));
        body.put("TransAmount", money(BigDecimal.valueOf(amount)));
        body.put("BusinessShortCode", shortCode);
        body.put("BillRefNumber", billRefNumber);
        body.put("InvoiceNumber", "");
        body.put("OrgAccountBalance", orgAccountBalance == null ? "" : money(orgAccountBalance));
        body.put("ThirdPartyTransID", "");
        body.put("MSISDN", registration.hashesMsisdn() ? msisdn.sha256() : msisdn.c2bMasked());
        body.put("FirstName", "JOHN");
        body.put("MiddleName", "");
        body.put("LastName", "DOE");
        return body;
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }
}
