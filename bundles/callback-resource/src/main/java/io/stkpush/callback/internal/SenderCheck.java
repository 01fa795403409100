package io.stkpush.callback.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who sent a request, and whether that sender may call back. The sender is the connection's address, unless that
 * address is a trusted proxy: then {@code X-Forwarded-For} is read from the right, and the first address that is
 * not a trusted proxy is the sender (anything further left could have been written by the client itself).
 */
final class SenderCheck {

    /** What the check says about one sender. */
    enum Verdict {
        /** In the allow list, or the check is off. */
        ALLOWED,
        /** Outside the allow list, accepted with a warning (mode {@code log}). */
        UNLISTED,
        /** Outside the allow list, refused (mode {@code enforce}). */
        REFUSED
    }

    private final AllowListMode mode;
    private final List<AddressRange> allowList;
    private final List<AddressRange> trustedProxies;

    SenderCheck(AllowListMode mode, List<AddressRange> allowList, List<AddressRange> trustedProxies) {
        this.mode = mode;
        this.allowList = List.copyOf(allowList);
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * Reads configured entries; each may itself be a comma- or space-separated list, as a {@code .cfg} file
     * gives them.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or CIDR range
     */
    static List<AddressRange> ranges(String[] entries) {
        List<AddressRange> ranges = new ArrayList<>();
        if (entries == null) {
            return ranges;
        }
        for (String entry : entries) {
            if (entry == null) {
                continue;
            }
            for (String part : entry.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    ranges.add(AddressRange.parse(part));
                }
            }
        }
        return ranges;
    }

    AllowListMode mode() {
        return mode;
    }

    /**
     * The sender's address.
     *
     * @param remoteAddress  the connection's peer
     * @param forwardedFor   the {@code X-Forwarded-For} header, or {@code null}
     */
    String sender(String remoteAddress, String forwardedFor) {
        if (remoteAddress == null || forwardedFor == null || forwardedFor.isBlank() || !trusted(remoteAddress)) {
            return remoteAddress;
        }
        List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::strip).filter(h -> !h.isEmpty())
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!trusted(hop)) {
                // a hop that is no address at all is kept as text: it will not be in the allow list either
                return hop;
            }
        }
        // every hop is one of our proxies: the left-most is as far as we can see
        return hops.isEmpty() ? remoteAddress : hops.get(0);
    }

    Verdict check(String sender) {
        if (mode == AllowListMode.OFF || allowList.stream().anyMatch(range -> range.contains(sender))) {
            return Verdict.ALLOWED;
        }
        return mode == AllowListMode.ENFORCE ? Verdict.REFUSED : Verdict.UNLISTED;
    }

    private boolean trusted(String address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
