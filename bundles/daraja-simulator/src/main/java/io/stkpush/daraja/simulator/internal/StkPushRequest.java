package io.stkpush.daraja.simulator.internal;

import java.net.URI;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** A {@code processrequest} body that passed Daraja's field checks. */
record StkPushRequest(String businessShortCode, String password, String timestamp, String transactionType,
        long amount, Msisdn partyA, String partyB, Msisdn phoneNumber, URI callBackUrl, String accountReference,
        String transactionDesc) {

    static final String PAYBILL = "CustomerPayBillOnline";
    static final String BUY_GOODS = "CustomerBuyGoodsOnline";

    /** Checked in the order of the official sample body; the first bad field is the one reported. */
    static StkPushRequest parse(RequestBody body) {
        String shortCode = body.digits("BusinessShortCode", 5, 7);
        String password = body.text("Password");
        String timestamp = timestamp(body);
        String type = body.text("TransactionType");
        if (!type.equals(PAYBILL) && !type.equals(BUY_GOODS)) {
            throw DarajaError.invalid("TransactionType");
        }
        long amount = body.amount("Amount");
        Msisdn partyA = body.msisdn("PartyA");
        String partyB = body.digits("PartyB", 5, 7);
        Msisdn phone = body.msisdn("PhoneNumber");
        URI callBack = body.url("CallBackURL");
        String reference = body.text("AccountReference");
        // docs call it optional, the sandbox rejects its absence with this odd name
        String description = body.text("TransactionDesc", "Remarks");
        return new StkPushRequest(shortCode, password, timestamp, type, amount, partyA, partyB, phone, callBack,
                reference, description);
    }

    static String timestamp(RequestBody body) {
        String timestamp = body.digits("Timestamp", 14, 14);
        try {
            LocalDateTime.parse(timestamp,
                    DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT));
        } catch (DateTimeParseException e) {
            throw DarajaError.invalid("Timestamp");
        }
        return timestamp;
    }

    boolean paybill() {
        return transactionType.equals(PAYBILL);
    }
}
