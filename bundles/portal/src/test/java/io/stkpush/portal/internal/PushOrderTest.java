package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.stkpush.api.InvalidAmountException;
import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.Kes;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.SubscriberId;

import org.junit.jupiter.api.Test;

/** The STK Push dialog's request, checked before anything is sent. */
class PushOrderTest {

    private static PushOrder parse(String json) {
        return PushOrder.parse(json);
    }

    @Test
    void aCompleteOrder() {
        PushOrder order = parse("{\"subscriberId\":\"sub-0001\",\"phone\":\"+254 712-345-678\",\"amount\":1500}");
        assertEquals(new SubscriberId("sub-0001"), order.subscriberId());
        assertEquals(new PhoneNumber("254712345678"), order.phone());
        assertEquals(Kes.of(1500), order.amount());
    }

    @Test
    void withoutAPhoneTheRegisteredOneWillBeUsed() {
        for (String phone : List.of("", "\"phone\":null,", "\"phone\":\"  \",")) {
            assertNull(parse("{" + phone + "\"subscriberId\":\"s\",\"amount\":1}").phone(), phone);
        }
    }

    @Test
    void numericIdsAndPhonesAreTakenAsText() {
        PushOrder order = parse("{\"subscriberId\":42,\"phone\":254712345678,\"amount\":\"10\"}");
        assertEquals(new SubscriberId("42"), order.subscriberId());
        assertEquals(new PhoneNumber("254712345678"), order.phone());
    }

    @Test
    void wholeShillingsOnly() {
        assertEquals(Kes.of(1500), parse("{\"subscriberId\":\"s\",\"amount\":1500.00}").amount());
        assertEquals(Kes.of(1500), parse("{\"subscriberId\":\"s\",\"amount\":\" 1500 \"}").amount());
        assertEquals(Kes.of(250_000), parse("{\"subscriberId\":\"s\",\"amount\":250000}").amount());
        assertEquals(Kes.of(1), parse("{\"subscriberId\":\"s\",\"amount\":1}").amount());
        for (String amount : List.of("1500.50", "\"1500.50\"", "0", "\"0\"", "-1", "250001", "\"abc\"", "true",
                "[1]", "{}", "\"1,500\"", "99999999999999999999999")) {
            InvalidAmountException e = assertThrows(InvalidAmountException.class,
                    () -> parse("{\"subscriberId\":\"s\",\"amount\":" + amount + "}"), amount);
            assertEquals(PushOrder.AMOUNT_RULE, e.getMessage(), amount);
        }
        assertEquals("Enter the amount in KES.", assertThrows(InvalidAmountException.class,
                () -> parse("{\"subscriberId\":\"s\"}")).getMessage());
    }

    @Test
    void aPhoneThatIsNotSafaricomIsRefusedWithTheGuideSMessage() {
        for (String phone : List.of("\"0612345678\"", "\"12345\"", "true", "{}")) {
            assertThrows(InvalidPhoneNumberException.class,
                    () -> parse("{\"subscriberId\":\"s\",\"amount\":1,\"phone\":" + phone + "}"), phone);
        }
    }

    @Test
    void malformedBodiesAreInvalidRequests() {
        for (String body : List.of("", "   ", "{", "[]", "12", "null", "{\"subscriberId\":\"\",\"amount\":1}",
                "{\"subscriberId\":[1],\"amount\":1}", "{\"amount\":1}")) {
            ApiProblem p = assertThrows(ApiProblem.class, () -> parse(body), body);
            assertEquals(400, p.status(), body);
            assertEquals("invalid_request", p.code(), body);
        }
        ApiProblem tooLarge = assertThrows(ApiProblem.class,
                () -> parse("{\"x\":\"" + "a".repeat(JsonBody.MAX_CHARS) + "\"}"));
        assertEquals(413, tooLarge.status());
    }
}
