-- The administrator's counts (web console, shell, health) look at the pushes without an outcome: a few among
-- every push ever made. Without this index counting them reads the whole table on every health check.
CREATE INDEX push_request_outcome_ix ON push_request (outcome);

-- The administrator's recent pushes (stkpush:pushes), newest first.
CREATE INDEX push_request_created_ix ON push_request (created_at);
