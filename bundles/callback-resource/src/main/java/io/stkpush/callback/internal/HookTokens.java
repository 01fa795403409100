package io.stkpush.callback.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.stkpush.api.PushId;

/**
 * The tokens in the callback URLs: HMAC-SHA256 of {@code "stk:" + pushId} (one per push) or of {@code "c2b"} (the
 * registered C2B URLs), as the first 32 lower-case hex digits (128 bits).
 *
 * <p>Hex, not base64url: Daraja refuses URLs containing words such as {@code sql} or {@code cmd}, which base64
 * could spell by chance; hex letters are a-f only and can spell none of them.
 */
final class HookTokens {

    static final int LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    HookTokens(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the HMAC key must not be empty");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** A new random key: 32 bytes from a strong source, as hex. */
    static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    String stkToken(PushId pushId) {
        return token("stk:" + pushId);
    }

    String c2bToken() {
        return token("c2b");
    }

    /** Whether {@code candidate} is the token of that push; time does not depend on where they differ. */
    boolean isStkToken(PushId pushId, String candidate) {
        return same(stkToken(pushId), candidate);
    }

    boolean isC2bToken(String candidate) {
        return same(c2bToken(), candidate);
    }

    private static boolean same(String expected, String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    private String token(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every Java runtime
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
