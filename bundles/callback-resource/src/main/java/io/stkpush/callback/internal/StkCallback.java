package io.stkpush.callback.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Daraja's STK callback, {@code {"Body":{"stkCallback":{...}}}}. Metadata items are looked up by name, never by
 * position: their order differs across eras, {@code Balance} comes and goes and may have no {@code Value}.
 *
 * @param merchantRequestId  {@code MerchantRequestID}, or {@code null}
 * @param checkoutRequestId  {@code CheckoutRequestID}, or {@code null}
 * @param resultCode         {@code ResultCode} as text (sent as a number, sometimes as a string)
 * @param resultDesc         {@code ResultDesc}, the provider's own words, passed on as data (decisions rest on the
 *                           code only), or {@code null}
 * @param amount             item {@code Amount}, or {@code null}
 * @param receipt            item {@code MpesaReceiptNumber}, or {@code null}
 * @param transactionDate    item {@code TransactionDate} as sent ({@code yyyyMMddHHmmss}, EAT), or {@code null}
 * @param phone              item {@code PhoneNumber} as text: digits, masked ({@code 2547 ***** 126}) or a
 *                           SHA-256 hex; or {@code null}
 */
record StkCallback(String merchantRequestId, String checkoutRequestId, String resultCode, String resultDesc,
        BigDecimal amount, String receipt, String transactionDate, String phone) {

    private static final Pattern RESULT_CODE = Pattern.compile("[A-Za-z0-9_.]{1,32}");

    /** @throws InvalidCallbackException when the body is not JSON, not this shape, or has wrong types */
    static StkCallback parse(String body) throws InvalidCallbackException {
        JsonNode root = DarajaJson.object(body);
        JsonNode envelope = DarajaJson.optionalObject(root, "Body");
        JsonNode callback = envelope == null ? null : DarajaJson.optionalObject(envelope, "stkCallback");
        if (callback == null) {
            throw new InvalidCallbackException("Body.stkCallback is missing.");
        }
        String resultCode = resultCode(callback.get("ResultCode"));
        JsonNode items = items(callback);
        return new StkCallback(
                // the limits are the ledger's columns (V1__ledger.sql)
                DarajaJson.limited(DarajaJson.text(callback.get("MerchantRequestID"), "MerchantRequestID"), 128,
                        "MerchantRequestID"),
                DarajaJson.limited(DarajaJson.text(callback.get("CheckoutRequestID"), "CheckoutRequestID"), 128,
                        "CheckoutRequestID"),
                resultCode,
                // only words: cut to the column rather than refuse a callback that may carry a payment
                cut(DarajaJson.text(callback.get("ResultDesc"), "ResultDesc"), 1000),
                DarajaJson.decimal(value(items, "Amount"), "Amount"),
                DarajaJson.limited(DarajaJson.text(value(items, "MpesaReceiptNumber"), "MpesaReceiptNumber"), 64,
                        "MpesaReceiptNumber"),
                DarajaJson.digitsOrText(value(items, "TransactionDate"), "TransactionDate"),
                DarajaJson.limited(DarajaJson.digitsOrText(value(items, "PhoneNumber"), "PhoneNumber"), 128,
                        "PhoneNumber"));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** When it was paid, from {@code TransactionDate}; {@code null} when absent or unreadable. */
    Instant paidAt() {
        return DarajaJson.eatTimestamp(transactionDate);
    }

    private static String resultCode(JsonNode node) throws InvalidCallbackException {
        if (node == null || node.isNull()) {
            throw new InvalidCallbackException("Body.stkCallback.ResultCode is missing.");
        }
        if (!node.isIntegralNumber() && !node.isTextual()) {
            throw new InvalidCallbackException("ResultCode must be a whole number.");
        }
        String code = DarajaJson.text(node, "ResultCode");
        if (code == null || !RESULT_CODE.matcher(code).matches()) {
            throw new InvalidCallbackException("ResultCode must be a whole number.");
        }
        return code;
    }

    /** The metadata items, an empty array when there are none (failures carry no CallbackMetadata). */
    private static JsonNode items(JsonNode callback) throws InvalidCallbackException {
        JsonNode metadata = DarajaJson.optionalObject(callback, "CallbackMetadata");
        JsonNode items = metadata == null ? null : metadata.get("Item");
        if (items == null || items.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (items.isObject()) {
            return JsonNodeFactory.instance.arrayNode().add(items);
        }
        if (!items.isArray()) {
            throw new InvalidCallbackException("CallbackMetadata.Item must be a list.");
        }
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw new InvalidCallbackException("Each CallbackMetadata.Item must be an object.");
            }
        }
        return items;
    }

    /** The {@code Value} of the first item with that {@code Name} (any case), or {@code null}. */
    private static JsonNode value(JsonNode items, String name) {
        for (JsonNode item : items) {
            JsonNode itemName = item.get("Name");
            if (itemName != null && itemName.isTextual() && itemName.asText().strip().equalsIgnoreCase(name)) {
                return item.get("Value");
            }
        }
        return null;
    }
}
