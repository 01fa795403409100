-- Which path gave a push its outcome (callback, c2b_confirmation, status_query, submission). A receipt overrules a
-- non-success that only a status query gave; rows settled before this column existed count as callbacks (NULL).
ALTER TABLE push_request ADD COLUMN outcome_evidence VARCHAR(20);
