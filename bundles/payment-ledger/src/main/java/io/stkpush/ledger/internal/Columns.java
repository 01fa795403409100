package io.stkpush.ledger.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;

/** How ledger ids and texts are written to and read from JDBC (times: {@link io.stkpush.schema.Jdbc}). */
final class Columns {

    private Columns() {
    }

    static void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
        if (id == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setObject(index, id);
        }
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static void setText(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value.toString());
        }
    }
}
