package io.voicegather.server.store;

import java.sql.SQLException;

/**
 * What differs between the two backends. The statements themselves are written once, in SQL both accept
 * ({@code INSERT ... RETURNING}, {@code INSERT ... ON CONFLICT DO NOTHING}, {@code LIMIT ? OFFSET ?}); what is left
 * is the schema's types (one migration folder per backend) and how each reports a broken unique constraint.
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

    /** Whether {@code e} reports a row that breaks a unique or primary key constraint. */
    public boolean isUniqueViolation(SQLException e) {
        return switch (this) {
            // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555), as extended result codes
            case SQLITE -> e.getErrorCode() == 19 || e.getErrorCode() == 2067 || e.getErrorCode() == 1555;
            case POSTGRESQL -> "23505".equals(e.getSQLState());
        };
    }
}
