package io.stkpush.daraja.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A Safaricom subscriber number as Daraja accepts it: {@code 2547XXXXXXXX} or {@code 2541XXXXXXXX}. */
record Msisdn(String value) {

    private static final Pattern FORMAT = Pattern.compile("254[17]\\d{8}");

    Msisdn {
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a 2547/2541 number");
        }
    }

    static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** The number without 254, which Daraja appends to CheckoutRequestIDs. */
    String national() {
        return value.substring(3);
    }

    /** The last two digits choose the simulator's scripted scenario. */
    String lastTwoDigits() {
        return value.substring(10);
    }

    /** For logs: phone numbers are personal data. */
    String masked() {
        return value.substring(0, 4) + "*****" + value.substring(9);
    }

    /** How C2B v2 notifications show the payer, e.g. {@code 2547 ***** 126}. */
    String c2bMasked() {
        return value.substring(0, 4) + " ***** " + value.substring(9);
    }

    /** How C2B v1 notifications show the payer: SHA-256 hex of the 12-digit number. */
    String sha256() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return masked();
    }
}
