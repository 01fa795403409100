package io.stkpush.daraja.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Password and Timestamp of STK push and query, built together because Daraja checks the Password against the
 * Timestamp in the same body: {@code Base64(shortCode + passkey + timestamp)}, the timestamp in Kenyan time.
 */
record StkPassword(String password, String timestamp) {

    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    static StkPassword at(Instant now, String shortCode, Secret passkey) {
        String timestamp = TIMESTAMP.format(now.atZone(NAIROBI));
        String password = Base64.getEncoder()
                .encodeToString((shortCode + passkey.value() + timestamp).getBytes(StandardCharsets.UTF_8));
        return new StkPassword(password, timestamp);
    }

    @Override
    public String toString() {
        return "StkPassword[****, timestamp=" + timestamp + "]";
    }
}
