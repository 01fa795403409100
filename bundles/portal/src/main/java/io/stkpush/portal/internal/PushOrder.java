package io.stkpush.portal.internal;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.api.InvalidAmountException;
import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.Kes;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.SubscriberId;

/**
 * What the STK Push dialog sends: {@code {"subscriberId","phone","amount"}}, checked at the edge. The phone is
 * optional (the subscriber's registered phone is used); the amount is whole shillings, 1 to 250,000, as a JSON
 * number or a string of digits.
 *
 * @param subscriberId who pays
 * @param phone        the phone typed by the operator, or {@code null} to use the registered one
 * @param amount       the amount asked
 */
record PushOrder(SubscriberId subscriberId, PhoneNumber phone, Kes amount) {

    static final String AMOUNT_RULE = "Enter a whole amount in KES between 1 and 250,000.";

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    static PushOrder parse(String raw) {
        JsonBody body = JsonBody.parse(raw);
        String subscriber = body.text("subscriberId");
        if (subscriber == null) {
            throw ApiProblem.invalidRequest("Choose the subscriber the payment is for.");
        }
        Kes amount = amount(body.get("amount"));
        return new PushOrder(new SubscriberId(subscriber), phone(body.get("phone")), amount);
    }

    /** {@code null} when no phone was typed. */
    static PhoneNumber phone(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return PhoneNumber.parse(value.bigIntegerValue().toString());
        }
        if (!value.isTextual()) {
            throw new InvalidPhoneNumberException("Enter a Safaricom number like 0712345678 or 254712345678.");
        }
        return value.asText().isBlank() ? null : PhoneNumber.parse(value.asText());
    }

    /** Whole shillings only: {@code 1500}, {@code "1500"}, {@code 1500.00}; never {@code 1500.50}. */
    static Kes amount(JsonNode value) {
        if (value == null || (value.isTextual() && value.asText().isBlank())) {
            throw new InvalidAmountException("Enter the amount in KES.");
        }
        BigDecimal decimal;
        if (value.isNumber()) {
            decimal = value.decimalValue();
        } else if (value.isTextual() && NUMBER.matcher(value.asText().strip()).matches()) {
            decimal = new BigDecimal(value.asText().strip());
        } else {
            throw new InvalidAmountException(AMOUNT_RULE);
        }
        if (decimal.signum() <= 0 || decimal.stripTrailingZeros().scale() > 0
                || decimal.compareTo(BigDecimal.valueOf(Kes.MAX_PER_TRANSACTION.shillings())) > 0) {
            throw new InvalidAmountException(AMOUNT_RULE);
        }
        return Kes.of(decimal.longValueExact());
    }
}
