package io.stkpush.callback.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** One IPv4 or IPv6 address, or a CIDR range of them ({@code 196.201.214.0/24}). */
final class AddressRange {

    // literals only: InetAddress.getByName must never turn a configured or forwarded value into a DNS lookup
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private AddressRange(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /** @throws IllegalArgumentException when it is not an address or CIDR range */
    static AddressRange parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        byte[] address = addressBytes(slash < 0 ? value : value.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text, e);
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
        }
        return new AddressRange(address, bits, value);
    }

    /** Whether the address (a literal; anything else is never contained) lies in this range. */
    boolean contains(String address) {
        byte[] candidate = address == null ? null : addressBytes(address.strip());
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        int whole = prefixBits / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    /** The address's bytes (4 or 16; IPv4-mapped IPv6 becomes 4), or {@code null} when it is not a literal. */
    static byte[] addressBytes(String literal) {
        String value = literal;
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || !LITERAL.matcher(value).matches()) {
            return null;
        }
        if (value.indexOf(':') < 0 && value.chars().filter(ch -> ch == '.').count() != 3) {
            return null; // "10" or "10.1" would be read as legacy short forms
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
