-- Renewals paid by STK Push: the operator's intent, stored before the prompt goes out, and what became of it.
-- In the stkpush database beside the ledger, with its own migration history (renewal_schema_history).
-- One script for PostgreSQL 15 and H2 2.2: standard SQL types only. Times are TIMESTAMP WITH TIME ZONE in UTC.
-- (The ledger's own first migration made an unused table "renewal"; this one is "plan_renewal".)

CREATE TABLE plan_renewal (
    id              VARCHAR(36)              NOT NULL,
    -- the push that pays for it; chosen before the push is sent, so the intent is never without its push
    push_id         VARCHAR(36)              NOT NULL,
    subscriber_id   VARCHAR(64)              NOT NULL,
    plan_id         VARCHAR(64)              NOT NULL,
    plan_name       VARCHAR(200)             NOT NULL,
    -- the plan's price when the renewal was asked for: the amount of the push
    amount_kes      BIGINT                   NOT NULL,
    operator_name   VARCHAR(128)             NOT NULL,
    -- PENDING, APPLIED, FAILED, NOT_PAID
    state           VARCHAR(16)              NOT NULL,
    -- the payment that renews it, once known; the host's renewal is keyed by it
    payment_id      VARCHAR(36),
    -- calls to the host's renewal so far, and when the next one is due (only while a payment is known)
    attempts        INTEGER                  DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    -- who is calling the host right now: one caller at a time across threads and nodes
    lease_owner     VARCHAR(64),
    lease_until     TIMESTAMP WITH TIME ZONE,
    -- the operator's words for the state (the host's own message when it answered)
    message         VARCHAR(1000),
    new_expires_at  TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT plan_renewal_pk PRIMARY KEY (id),
    CONSTRAINT plan_renewal_push_uq UNIQUE (push_id),
    -- a payment renews at most one subscription
    CONSTRAINT plan_renewal_payment_uq UNIQUE (payment_id),
    CONSTRAINT plan_renewal_state_ck CHECK (state IN ('PENDING', 'APPLIED', 'FAILED', 'NOT_PAID')),
    CONSTRAINT plan_renewal_amount_ck CHECK (amount_kes > 0)
);

CREATE INDEX plan_renewal_due_ix ON plan_renewal (state, next_attempt_at);
CREATE INDEX plan_renewal_subscriber_ix ON plan_renewal (subscriber_id, created_at);
