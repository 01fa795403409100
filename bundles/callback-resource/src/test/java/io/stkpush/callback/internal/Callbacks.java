package io.stkpush.callback.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Callback bodies in the shapes Daraja has been seen to send (daraja.md §4.1, §6.2). */
final class Callbacks {

    /** 2019-12-19 10:21:15 in Nairobi. */
    static final String DATE = "20191219102115";

    private Callbacks() {
    }

    /**
     * The MerchantRequestID Daraja gave with this CheckoutRequestID, as the fixture records it: a callback must
     * name both of its push's ids.
     */
    static String merchantFor(String checkoutRequestId) {
        return "29115-" + checkoutRequestId;
    }

    /** A failure: no CallbackMetadata. */
    static String failure(String checkoutRequestId, String resultCodeJson, String description) {
        return "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"" + merchantFor(checkoutRequestId) + "\","
                + "\"CheckoutRequestID\":\"" + checkoutRequestId + "\",\"ResultCode\":" + resultCodeJson
                + ",\"ResultDesc\":\"" + description + "\"}}}";
    }

    /** Safaricom's documented success sample, for one checkout. */
    static String success(String checkoutRequestId, String receipt) {
        return success(checkoutRequestId, "0", items("1.00", "\"" + receipt + "\"", DATE, "254708374149"));
    }

    static String success(String checkoutRequestId, String resultCodeJson, List<String> items) {
        return "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"" + merchantFor(checkoutRequestId)
                + "\",\"CheckoutRequestID\":\""
                + checkoutRequestId + "\",\"ResultCode\":" + resultCodeJson
                + ",\"ResultDesc\":\"The service request is processed successfully.\",\"CallbackMetadata\":{\"Item\":["
                + String.join(",", items) + "]}}}}";
    }

    /** The four items in the documented order, each value as raw JSON. */
    static List<String> items(String amount, String receipt, String date, String phone) {
        List<String> items = new ArrayList<>();
        items.add(item("Amount", amount));
        items.add(item("MpesaReceiptNumber", receipt));
        items.add(item("TransactionDate", date));
        items.add(item("PhoneNumber", phone));
        return items;
    }

    static String item(String name, String valueJson) {
        return valueJson == null ? "{\"Name\":\"" + name + "\"}" : "{\"Name\":\"" + name + "\",\"Value\":" + valueJson + "}";
    }

    /** The 2018-era shape: a Balance item with no Value between the receipt and the date. */
    static List<String> withBalanceWithoutValue(List<String> items) {
        List<String> copy = new ArrayList<>(items);
        copy.add(2, item("Balance", null));
        return copy;
    }

    static List<String> withBalanceValue(List<String> items) {
        List<String> copy = new ArrayList<>(items);
        copy.add(item("Balance", "\"{Amount={BasicAmount=123.45, MinLimit=0.00, MaxLimit=0.00}}\""));
        return copy;
    }

    static List<String> reversed(List<String> items) {
        List<String> copy = new ArrayList<>(items);
        Collections.reverse(copy);
        return copy;
    }

    /** A C2B v2 body (masked MSISDN). */
    static String c2b(String transId, String amount, String billRef, String msisdn) {
        return "{\"TransactionType\":\"Pay Bill\",\"TransID\":\"" + transId + "\",\"TransTime\":\"20231121121325\","
                + "\"TransAmount\":\"" + amount + "\",\"BusinessShortCode\":\"600966\",\"BillRefNumber\":\"" + billRef
                + "\",\"InvoiceNumber\":\"\",\"OrgAccountBalance\":\"25.00\",\"ThirdPartyTransID\":\"\",\"MSISDN\":\""
                + msisdn + "\",\"FirstName\":\"NICHOLAS\",\"MiddleName\":\"\",\"LastName\":\"\"}";
    }
}
