package io.stkpush.daraja.simulator.internal;

import java.security.SecureRandom;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** Identifiers in the shapes Daraja uses. All opaque to clients; the shapes only make logs look familiar. */
final class DarajaIds {

    static final ZoneId EAT = ZoneId.of("Africa/Nairobi");
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter CHECKOUT_TIME = DateTimeFormatter.ofPattern("ddMMyyyyHHmmssSSS");

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String HEX = "0123456789abcdef";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SEQUENCE = new AtomicLong(1_000_000);

    private DarajaIds() {
    }

    /** Opaque 28-character access token like {@code c9SQxWWhmdVRlyh0zh8gZDTkubVF}. */
    static String accessToken() {
        return random(ALNUM, 28);
    }

    /** Gateway request id like {@code 1c5b-4ba8-815c-ac45c57a3db01495926}. */
    static String requestId() {
        return gatewayStyle();
    }

    /** Current MerchantRequestID shape, e.g. {@code 2654-4b64-97ff-b827b542881d3130}. */
    static String merchantRequestId() {
        return gatewayStyle();
    }

    /** {@code ws_CO_} + ddMMyyyyHHmmss + milliseconds + the subscriber number without 254, as seen in 2024–2026. */
    static String checkoutRequestId(ZonedDateTime at, Msisdn phone) {
        return "ws_CO_" + CHECKOUT_TIME.format(at.withZoneSameInstant(EAT)) + phone.national();
    }

    /** C2B OriginatorCoversationID, e.g. {@code 7619-37765134-1}. */
    static String originatorConversationId() {
        return random("0123456789", 4) + "-" + SEQUENCE.incrementAndGet() + random("0123456789", 2) + "-1";
    }

    /** M-Pesa receipt / C2B TransID: 10 upper-case alphanumerics starting with a letter, e.g. {@code NLJ7RT61SV}. */
    static String receipt() {
        return random("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + random(UPPER_ALNUM, 9);
    }

    private static String gatewayStyle() {
        return random(HEX, 4) + "-" + random(HEX, 4) + "-" + random(HEX, 4) + "-" + random(HEX, 12)
                + SEQUENCE.incrementAndGet();
    }

    private static String random(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
