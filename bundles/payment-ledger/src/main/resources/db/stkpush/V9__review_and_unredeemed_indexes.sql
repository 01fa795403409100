-- Two operator lists that read badly at ISP scale (scripts/benchmark --only ledger, 1M pushes and payments):
-- Unmatched Payments walked the whole paid_at index backwards, throwing away linked payments (300-400 ms). On
-- PostgreSQL the placeholder makes this a partial index of the unredeemed payments only, in the list's order; H2
-- has no partial indexes, so there it covers every payment (LedgerSchema sets it by database).
CREATE INDEX payment_unredeemed_ix ON payment (paid_at, recorded_at, id)${unredeemedOnly};
-- Pushes needing review combined two indexes and sorted (about 100 ms): with the outcome beside review_since the
-- list is read in order from one index.
CREATE INDEX push_request_review_outcome_ix ON push_request (review_since, outcome);
