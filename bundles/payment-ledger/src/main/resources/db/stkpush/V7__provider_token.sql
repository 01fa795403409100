-- The provider's access token, shared by every node of one installation: Daraja may invalidate an app's previous
-- token whenever it issues a new one, so nodes that each fetched their own would invalidate each other in a loop.
-- One row per provider account, keyed by a SHA-256 hash of its name (never the consumer key itself). A node renews
-- the token while it holds the row's lock, so one node at a time asks Daraja; the row is created without a token
-- so that there is something to lock before the first one. The token is a short-lived bearer credential, kept here
-- like the journal's raw bodies: never logged, never shown.
CREATE TABLE provider_token (
    account_hash VARCHAR(64)              NOT NULL,
    token        VARCHAR(4000),
    refresh_at   TIMESTAMP WITH TIME ZONE,
    fetched_at   TIMESTAMP WITH TIME ZONE,
    fetched_by   VARCHAR(128),
    CONSTRAINT provider_token_pk PRIMARY KEY (account_hash),
    CONSTRAINT provider_token_complete_ck
        CHECK ((token IS NULL AND refresh_at IS NULL AND fetched_at IS NULL AND fetched_by IS NULL)
            OR (token IS NOT NULL AND refresh_at IS NOT NULL AND fetched_at IS NOT NULL AND fetched_by IS NOT NULL))
);
