-- The journal janitor (callback-resource) asks every few minutes for callbacks journaled and never processed: still
-- RECEIVED because the node died between journaling and processing them. They are a handful among every message
-- ever received (each callback, confirmation and status answer is journaled). On PostgreSQL the placeholder below
-- makes this a partial index holding only the RECEIVED entries; H2 has no partial indexes, so there it is empty and
-- the index covers every entry (LedgerSchema sets it by database).
CREATE INDEX provider_event_unprocessed_ix ON provider_event (disposition, received_at, id)${unprocessedOnly};
