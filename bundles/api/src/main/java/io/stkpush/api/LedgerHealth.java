package io.stkpush.api;

/**
 * Whether the ledger can reach its database. Contains no URL, user or password.
 *
 * @param up            true when a query just succeeded
 * @param product       the database product, e.g. {@code H2} or {@code PostgreSQL}, or {@code null} when down
 * @param productVersion the database version, or {@code null}
 * @param schemaVersion the applied schema migration version, or {@code null}
 * @param problem       plain-language reason when down, else {@code null}
 */
public record LedgerHealth(boolean up, String product, String productVersion, String schemaVersion,
        String problem) {
}
