package io.stkpush.daraja.simulator.internal;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One STK push: the prompt on the subscriber's phone, from acceptance to its single outcome. The first outcome
 * wins (a PIN typed a moment before expiry pays; the expiry then does nothing).
 */
final class Prompt {

    private final String merchantRequestId;
    private final String checkoutRequestId;
    private final StkPushRequest request;
    private final Scenario scenario;
    private final String businessName;
    private final Instant createdAt;
    private final Instant expiresAt;
    // how its callback goes: how many POSTs (0: never sent) and how long after the end
    private final int callbacks;
    private final Duration callbackDelay;

    private Outcome outcome;
    private String receipt;
    private Instant finishedAt;
    // what became of its notifications, for the ledger
    private int callbacksSent;
    private int callbacksDelivered;
    private int c2bSent;
    private int c2bDelivered;
    private Instant firstCallbackAt;
    // its status queries: how many, and the shortest gap between two (two nodes asking at once show up here)
    private int queries;
    private Instant lastQueryAt;
    private Duration closestQueries;

    /**
     * @param callbacks how many times its STK callback is POSTed; 0: never (nor its C2B confirmation)
     * @param callbackDelay from its end to its callback
     */
    Prompt(String merchantRequestId, String checkoutRequestId, StkPushRequest request, Scenario scenario,
            String businessName, Instant createdAt, Instant expiresAt, int callbacks, Duration callbackDelay) {
        this.merchantRequestId = merchantRequestId;
        this.checkoutRequestId = checkoutRequestId;
        this.request = request;
        this.scenario = scenario;
        this.businessName = businessName;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.callbacks = callbacks;
        this.callbackDelay = callbackDelay;
    }

    /** @return false when the prompt had already ended: nothing changes then */
    synchronized boolean finish(Outcome end, String receiptNumber, Instant at) {
        if (outcome != null) {
            return false;
        }
        outcome = end;
        receipt = receiptNumber;
        finishedAt = at;
        return true;
    }

    /** One STK callback POSTed at {@code at}; {@code delivered} when the URL answered 2xx. */
    synchronized void callbackSent(Instant at, boolean delivered) {
        if (firstCallbackAt == null) {
            firstCallbackAt = at;
        }
        callbacksSent++;
        callbacksDelivered += delivered ? 1 : 0;
    }

    /** The C2B confirmation of this paid Paybill push POSTed; {@code delivered} when the URL answered 2xx. */
    synchronized void c2bSent(boolean delivered) {
        c2bSent++;
        c2bDelivered += delivered ? 1 : 0;
    }

    /** A status query for this prompt arrived. */
    synchronized void queried(Instant at) {
        if (lastQueryAt != null) {
            Duration gap = Duration.between(lastQueryAt, at).abs();
            closestQueries = closestQueries == null || gap.compareTo(closestQueries) < 0 ? gap : closestQueries;
        }
        queries++;
        lastQueryAt = at;
    }

    synchronized boolean pending() {
        return outcome == null;
    }

    synchronized Outcome outcome() {
        return outcome;
    }

    synchronized String receipt() {
        return receipt;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    String merchantRequestId() {
        return merchantRequestId;
    }

    String checkoutRequestId() {
        return checkoutRequestId;
    }

    StkPushRequest request() {
        return request;
    }

    Msisdn phone() {
        return request.phoneNumber();
    }

    Scenario scenario() {
        return scenario;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    /** How many times its STK callback is POSTed; 0: never, only the status query tells how it ended. */
    int callbacks() {
        return callbacks;
    }

    Duration callbackDelay() {
        return callbackDelay;
    }

    /** What the phone shows: "Pay KES 1,500 to Demo ISP, account ACC-1. Enter M-PESA PIN". */
    String text() {
        DecimalFormat kes = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
        return "Pay KES " + kes.format(request.amount()) + " to " + businessName + ", account "
                + request.accountReference() + ". Enter M-PESA PIN";
    }

    /** The synchronous {@code processrequest} answer: accepted, nothing more. */
    ObjectNode acceptedAnswer() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("MerchantRequestID", merchantRequestId);
        body.put("CheckoutRequestID", checkoutRequestId);
        body.put("ResponseCode", "0");
        body.put("ResponseDescription", "Success. Request accepted for processing");
        body.put("CustomerMessage", "Success. Request accepted for processing");
        return body;
    }

    /** The 2025–2026 query answer: HTTP 200 with STRING ResultCodes, 4999 while pending, never a receipt. */
    synchronized ObjectNode queryAnswer() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("ResponseCode", "0");
        body.put("ResponseDescription", "The service request has been accepted successfully");
        body.put("MerchantRequestID", merchantRequestId);
        body.put("CheckoutRequestID", checkoutRequestId);
        if (outcome == null) {
            body.put("ResultCode", "4999");
            body.put("ResultDesc", "The transaction is still under processing");
        } else {
            body.put("ResultCode", String.valueOf(outcome.resultCode()));
            body.put("ResultDesc", outcome.queryDesc());
        }
        return body;
    }

    /**
     * The callback body: NUMERIC ResultCode; CallbackMetadata only when paid, with the value-less Balance item
     * real callbacks carried; numbers for Amount ({@code 1500.00}), TransactionDate and PhoneNumber.
     */
    synchronized ObjectNode callbackBody() {
        if (outcome == null) {
            throw new IllegalStateException("no callback before the prompt ends");
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode stk = json.objectNode();
        stk.put("MerchantRequestID", merchantRequestId);
        stk.put("CheckoutRequestID", checkoutRequestId);
        stk.put("ResultCode", outcome.resultCode());
        stk.put("ResultDesc", outcome.callbackDesc());
        if (outcome.paid()) {
            ArrayNode items = json.arrayNode();
            // DecimalNode directly: the node factory may strip 1500.00 down to 1.5E+3
            items.addObject().put("Name", "Amount")
                    .set("Value", DecimalNode.valueOf(BigDecimal.valueOf(request.amount()).setScale(2)));
            items.addObject().put("Name", "MpesaReceiptNumber").put("Value", receipt);
            items.addObject().put("Name", "Balance");
            items.addObject().put("Name", "TransactionDate").put("Value", Long.parseLong(transactionDate()));
            items.addObject().put("Name", "PhoneNumber").put("Value", Long.parseLong(phone().value()));
            stk.putObject("CallbackMetadata").set("Item", items);
        }
        ObjectNode body = json.objectNode();
        body.putObject("Body").set("stkCallback", stk);
        return body;
    }

    /** This prompt in {@code /daraja-sim/ledger}; the receipt only when M-Pesa charged the subscriber. */
    synchronized ObjectNode ledgerEntry() {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("checkoutRequestId", checkoutRequestId);
        e.put("merchantRequestId", merchantRequestId);
        e.put("phoneNumber", phone().value());
        e.put("amount", request.amount());
        e.put("accountReference", request.accountReference());
        e.put("scenario", scenario.name());
        e.put("state", outcome == null ? "OPEN" : "ENDED");
        if (outcome == null) {
            e.putNull("resultCode");
        } else {
            e.put("resultCode", outcome.resultCode());
        }
        e.put("receipt", outcome != null && outcome.paid() ? receipt : null);
        e.put("callbacksSent", callbacksSent);
        e.put("callbacksDelivered", callbacksDelivered);
        e.put("c2bSent", c2bSent);
        e.put("c2bDelivered", c2bDelivered);
        e.put("callbackNeverSent", callbacks == 0);
        e.put("callbackSentAt", firstCallbackAt == null ? null : firstCallbackAt.toString());
        e.put("queries", queries);
        if (closestQueries == null) {
            e.putNull("closestQueriesMillis");
        } else {
            e.put("closestQueriesMillis", closestQueries.toMillis());
        }
        e.put("createdAt", createdAt.toString());
        e.put("endedAt", finishedAt == null ? null : finishedAt.toString());
        return e;
    }

    /** yyyyMMddHHmmss in Kenyan time. */
    synchronized String transactionDate() {
        return DarajaIds.TIMESTAMP.format(finishedAt.atZone(DarajaIds.EAT));
    }
}
