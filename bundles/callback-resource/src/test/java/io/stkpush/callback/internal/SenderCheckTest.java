package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.stkpush.callback.internal.SenderCheck.Verdict;

import org.junit.jupiter.api.Test;

class SenderCheckTest {

    private static final String SAFARICOM = "196.201.214.200";

    @Test
    void addressesAndCidrRanges() {
        assertTrue(AddressRange.parse("196.201.214.200").contains("196.201.214.200"));
        assertFalse(AddressRange.parse("196.201.214.200").contains("196.201.214.201"));
        assertTrue(AddressRange.parse("196.201.212.0/22").contains("196.201.215.255"));
        assertFalse(AddressRange.parse("196.201.212.0/22").contains("196.201.216.0"));
        assertTrue(AddressRange.parse("10.0.0.0/8").contains("10.255.1.2"));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains("8.8.8.8"));
        assertTrue(AddressRange.parse("2001:db8::/32").contains("2001:db8:1::5"));
        assertFalse(AddressRange.parse("2001:db8::/32").contains("2001:db9::5"));
        assertTrue(AddressRange.parse("::1").contains("0:0:0:0:0:0:0:1"));
        assertFalse(AddressRange.parse("10.0.0.0/8").contains("::1"));
    }

    @Test
    void namesAndNonsenseAreNeverAddresses() {
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("safaricom.co.ke"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.1"));
        assertFalse(AddressRange.parse("10.0.0.0/8").contains("localhost"));
        assertFalse(AddressRange.parse("10.0.0.0/8").contains(null));
    }

    @Test
    void configuredListsMayBeCommaSeparated() {
        List<AddressRange> ranges = SenderCheck.ranges(new String[] {"10.0.0.1, 10.0.0.2", "192.168.0.0/16"});
        assertEquals(3, ranges.size());
        assertThrows(IllegalArgumentException.class, () -> SenderCheck.ranges(new String[] {"10.0.0.1,nope"}));
    }

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() {
        SenderCheck check = check(AllowListMode.ENFORCE, "10.0.0.0/8");
        assertEquals("203.0.113.9", check.sender("203.0.113.9", SAFARICOM));
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopIsTheSender() {
        SenderCheck check = check(AllowListMode.ENFORCE, "10.0.0.0/8");
        // the client wrote the first hop itself; our proxy appended the address it saw
        assertEquals("203.0.113.9", check.sender("10.0.0.5", SAFARICOM + ", 203.0.113.9"));
        assertEquals(SAFARICOM, check.sender("10.0.0.5", "203.0.113.9, " + SAFARICOM + ", 10.0.0.7"));
        assertEquals("10.0.0.7", check.sender("10.0.0.5", "10.0.0.7"));
        assertEquals("10.0.0.5", check.sender("10.0.0.5", " "));
    }

    @Test
    void enforceRefusesLogWarnsOffAllows() {
        assertEquals(Verdict.ALLOWED, check(AllowListMode.ENFORCE).check(SAFARICOM));
        assertEquals(Verdict.REFUSED, check(AllowListMode.ENFORCE).check("203.0.113.9"));
        assertEquals(Verdict.UNLISTED, check(AllowListMode.LOG).check("203.0.113.9"));
        assertEquals(Verdict.ALLOWED, check(AllowListMode.OFF).check("203.0.113.9"));
        assertEquals(Verdict.REFUSED, check(AllowListMode.ENFORCE).check("not an address"));
    }

    @Test
    void modesAreReadFromConfiguration() {
        assertEquals(AllowListMode.ENFORCE, AllowListMode.parse(" Enforce "));
        assertThrows(IllegalArgumentException.class, () -> AllowListMode.parse("strict"));
    }

    private static SenderCheck check(AllowListMode mode, String... proxies) {
        return new SenderCheck(mode, SenderCheck.ranges(new String[] {SAFARICOM, "196.201.212.0/24"}),
                SenderCheck.ranges(proxies));
    }
}
