package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import io.stkpush.api.PaymentQuery;
import io.stkpush.api.SubscriberId;

import org.junit.jupiter.api.Test;

class PaymentFilterTest {

    @Test
    void nothingGivenListsTheNewestHundred() {
        PaymentQuery q = PaymentFilter.parse(null, null, null, null, null);
        assertEquals(PaymentQuery.all(), q);
        assertEquals(PaymentQuery.all(), PaymentFilter.parse(" ", "", " ", "", " "));
    }

    @Test
    void datesAreWholeDaysInNairobiWithToInclusive() {
        PaymentQuery q = PaymentFilter.parse("sub-0001", "TRUE", "2025-03-01", "2025-03-01", "5");
        assertEquals(new SubscriberId("sub-0001"), q.subscriberId());
        assertTrue(q.unredeemedOnly());
        assertEquals(Instant.parse("2025-02-28T21:00:00Z"), q.from());
        assertEquals(Instant.parse("2025-03-01T21:00:00Z"), q.to());
        assertEquals(5, q.limit());
    }

    @Test
    void instantsAndOffsetsAreExact() {
        PaymentQuery q = PaymentFilter.parse(null, "false", "2025-03-01T08:00:00Z", "2025-03-01T12:00:00+03:00", null);
        assertFalse(q.unredeemedOnly());
        assertEquals(Instant.parse("2025-03-01T08:00:00Z"), q.from());
        assertEquals(Instant.parse("2025-03-01T09:00:00Z"), q.to());
        assertNull(PaymentFilter.parse(null, null, "2025-03-01", null, null).to());
    }

    @Test
    void anythingElseIsAnInvalidQuery() {
        String[][] bad = {
            {null, "yes", null, null, null},
            {null, null, "01/03/2025", null, null},
            {null, null, null, "2025-02-30", null},
            {null, null, "2025-03-02", "2025-03-01", null},
            {null, null, null, null, "0"},
            {null, null, null, null, "1001"},
            {null, null, null, null, "many"},
        };
        for (String[] b : bad) {
            ApiProblem p = assertThrows(ApiProblem.class, () -> PaymentFilter.parse(b[0], b[1], b[2], b[3], b[4]),
                    String.join(",", String.valueOf(b[1]), String.valueOf(b[2]), String.valueOf(b[3]),
                            String.valueOf(b[4])));
            assertEquals(400, p.status());
            assertEquals("invalid_query", p.code());
        }
    }
}
