-- When a push was left for an operator to review: no outcome, and none will come on its own (status queries
-- gave up, or the provider's answer to the prompt was lost so there is nothing to query). NULL otherwise;
-- cleared when an answer settles the push after all.
ALTER TABLE push_request ADD COLUMN review_since TIMESTAMP WITH TIME ZONE;

CREATE INDEX push_request_review_ix ON push_request (review_since);
