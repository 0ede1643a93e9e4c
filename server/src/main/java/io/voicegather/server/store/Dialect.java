package io.voicegather.server.store;

/**
 * What differs between the two backends. The statements themselves are written once, in SQL both accept
 * ({@code INSERT ... RETURNING}, {@code INSERT ... ON CONFLICT DO NOTHING}, {@code LIMIT ? OFFSET ?}); what is left
 * is the schema's types: one migration folder per backend (docs/storage.md).
 */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The Flyway location of this backend's migrations: the same versions in both, types as each spells them. */
    public String migrations() {
        return "classpath:db/migration/" + folder;
    }
}
