package io.stkpush.demo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.stkpush.api.PhoneNumber;

import org.junit.jupiter.api.Test;

/** The seeded phones drive the simulator: its scenario is the last two digits of the number. */
class DemoDataTest {

    private static String msisdn(DemoData.SeedSubscriber s) {
        return PhoneNumber.parse(s.phone()).msisdn();
    }

    @Test
    void everyScriptedScenarioHasExactlyOneSubscriber() {
        for (int scenario = 0; scenario <= 13; scenario++) {
            String ending = String.format("%02d", scenario);
            List<DemoData.SeedSubscriber> matching = DemoData.SUBSCRIBERS.stream()
                    .filter(s -> msisdn(s).endsWith(ending)).toList();
            assertEquals(1, matching.size(), "scenario " + ending + ": " + matching);
            assertEquals(String.format("sub-%04d", scenario + 1), matching.get(0).id());
            assertEquals("07000000" + ending, matching.get(0).phone());
        }
    }

    @Test
    void everyoneElseRingsTheVirtualPhone() {
        List<DemoData.SeedSubscriber> others = DemoData.SUBSCRIBERS.subList(14, DemoData.SUBSCRIBERS.size());
        assertEquals(36, others.size());
        for (DemoData.SeedSubscriber s : others) {
            int ending = Integer.parseInt(msisdn(s).substring(10));
            assertTrue(ending >= 14, s + " would hit a scripted scenario");
        }
    }

    @Test
    void theDarajaSandboxTestNumberIsThere() {
        assertTrue(DemoData.SUBSCRIBERS.stream().anyMatch(s -> msisdn(s).equals("254708374149")));
    }

    @Test
    void phonesAccountsAndIdsAreDistinctAndValid() {
        assertEquals(50, DemoData.SUBSCRIBERS.size());
        Set<String> phones = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> plans = DemoData.PLANS.stream().map(DemoData.SeedPlan::id).collect(Collectors.toSet());
        for (DemoData.SeedSubscriber s : DemoData.SUBSCRIBERS) {
            assertTrue(phones.add(msisdn(s)), "duplicate phone " + s);
            assertTrue(accounts.add(s.account()), "duplicate account " + s);
            assertTrue(ids.add(s.id()), "duplicate id " + s);
            assertTrue(plans.contains(s.planId()), "unknown plan " + s);
            assertTrue(s.account().matches("ACC-\\d{4}"), s.account());
        }
        assertFalse(DemoData.PLANS.isEmpty());
    }

    @Test
    void phoneDigitsIgnoreTheFormTheNumberIsWrittenIn() {
        for (String phone : List.of("0708374149", "254708374149", "+254 708 374 149", "0708-374-149")) {
            assertEquals("708374149", PhoneDigits.of(phone), phone);
        }
        assertEquals("4149", PhoneDigits.ofQuery("4149"));
        assertEquals(null, PhoneDigits.ofQuery("Grace"));
        assertEquals(null, PhoneDigits.ofQuery("07"));
        assertEquals(null, PhoneDigits.of(null));
    }
}
