-- The demo host's own billing records, in the stkpush database beside the ledger (names start with demo_).
-- One script for PostgreSQL 15 and H2 2.2: standard SQL types only. Times are TIMESTAMP WITH TIME ZONE in UTC.

CREATE TABLE demo_plan (
    id        VARCHAR(64)  NOT NULL,
    name      VARCHAR(200) NOT NULL,
    price_kes BIGINT       NOT NULL,
    -- ISO-8601 period one payment buys, e.g. P1M or P7D
    period    VARCHAR(16)  NOT NULL,
    CONSTRAINT demo_plan_pk PRIMARY KEY (id),
    CONSTRAINT demo_plan_price_ck CHECK (price_kes > 0)
);

CREATE TABLE demo_subscriber (
    id           VARCHAR(64)              NOT NULL,
    name         VARCHAR(200)             NOT NULL,
    -- what customers type as the Paybill account; stored upper-case, matched case-insensitively
    account      VARCHAR(64)              NOT NULL,
    -- the phone as the host keeps it (any operator-typed form)
    phone        VARCHAR(32),
    -- the same phone reduced to its national digits (708374149), for searching whatever form is typed
    phone_digits VARCHAR(16),
    plan_id      VARCHAR(64),
    expires_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT demo_subscriber_pk PRIMARY KEY (id),
    CONSTRAINT demo_subscriber_account_uq UNIQUE (account),
    CONSTRAINT demo_subscriber_plan_fk FOREIGN KEY (plan_id) REFERENCES demo_plan (id)
);

-- one row per payment that renewed a subscription: the primary key makes a renewal happen once per payment
CREATE TABLE demo_renewal (
    payment_id          VARCHAR(64)              NOT NULL,
    subscriber_id       VARCHAR(64)              NOT NULL,
    plan_id             VARCHAR(64)              NOT NULL,
    previous_expires_at TIMESTAMP WITH TIME ZONE,
    new_expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    operator_name       VARCHAR(128),
    renewed_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT demo_renewal_pk PRIMARY KEY (payment_id),
    CONSTRAINT demo_renewal_subscriber_fk FOREIGN KEY (subscriber_id) REFERENCES demo_subscriber (id),
    CONSTRAINT demo_renewal_plan_fk FOREIGN KEY (plan_id) REFERENCES demo_plan (id)
);
