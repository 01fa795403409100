package io.stkpush.karaf.login.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** User and password from an HTTP {@code Authorization: Basic …} header. */
record BasicCredentials(String user, String password) {

    /** Empty when the header is missing, of another scheme, or not valid Basic credentials. */
    static Optional<BasicCredentials> parse(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.length() < 6 || !value.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || decoded.substring(0, colon).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon).strip(), decoded.substring(colon + 1)));
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "BasicCredentials[" + user + "]";
    }
}
