-- The window sweep looks every second for pushes still waited on whose window has passed. Without this index
-- that is a scan of every push ever made; with it, a look at the few that are waiting.
CREATE INDEX push_request_waiting_ix ON push_request (status, wait_until);
