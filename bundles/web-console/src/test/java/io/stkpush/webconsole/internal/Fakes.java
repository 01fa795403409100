package io.stkpush.webconsole.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderConnection;

/** Small stand-ins for the services the page reads. */
final class Fakes {

    private Fakes() {
    }

    /** The ledger's counts and journal, as set by the test; {@code failure} makes every read throw it. */
    static final class Ledger implements LedgerOverview, ProviderJournal {

        volatile LedgerCounts counts;
        final List<JournalEntry> entries = new ArrayList<>();
        volatile RuntimeException failure;
        volatile int lastLimit;

        @Override
        public LedgerCounts counts() {
            if (failure != null) {
                throw failure;
            }
            return counts;
        }

        @Override
        public List<JournalEntry> recentJournal(int limit) {
            if (failure != null) {
                throw failure;
            }
            lastLimit = limit;
            return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
        }

        @Override
        public long journal(ProviderEvent event) {
            throw new UnsupportedOperationException("the page only reads");
        }

        @Override
        public long journal(ProviderEvent event, ProviderEvent.Disposition disposition, String note) {
            throw new UnsupportedOperationException("the page only reads");
        }

        @Override
        public void markJournaled(long journalId, ProviderEvent.Disposition disposition, String note) {
            throw new UnsupportedOperationException("the page only reads");
        }
    }

    /** A provider whose sign-in answers {@code answer}, counting the tests. */
    static final class Connection implements ProviderConnection {

        volatile String name = "daraja";
        volatile ConnectionCheck answer;
        volatile ConnectionCheck last;
        /** Thrown by the test, as a provider breaking its promise never to throw would. */
        volatile RuntimeException failure;
        final AtomicInteger tests = new AtomicInteger();

        @Override
        public String name() {
            return name;
        }

        @Override
        public ConnectionCheck testConnection() {
            tests.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            last = answer;
            return answer;
        }

        @Override
        public Optional<ConnectionCheck> lastSignIn() {
            return Optional.ofNullable(last);
        }
    }
}
