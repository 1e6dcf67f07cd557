package dev.brisk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * "This column is one of these values" in a statement. On PostgreSQL it is {@code column = ANY(?)}
 * with one array parameter, so a statement has one text whatever the number of values and the
 * server plans it once per connection (a list of placeholders makes a new statement, parsed and
 * planned again, for every length). SQLite has no arrays and gets {@code column IN (?, ?, ...)}.
 */
final class AnyOf {
    private AnyOf() {
    }

    static boolean postgres(Connection c) throws SQLException {
        return c.getMetaData().getURL().startsWith("jdbc:postgresql:");
    }

    /** The condition on {@code column} for {@code n} values. */
    static String condition(Connection c, String column, int n) throws SQLException {
        return postgres(c) ? column + " = ANY(?)" : column + " IN (" + EventLog.placeholders(n) + ")";
    }

    /** Binds the text values of {@link #condition} from parameter {@code at}; returns the next parameter's index. */
    static int bindText(Connection c, PreparedStatement ps, int at, List<String> values) throws SQLException {
        return bind(c, ps, at, "text", values);
    }

    /** As {@link #bindText}, for whole numbers. */
    static int bindLongs(Connection c, PreparedStatement ps, int at, List<Long> values) throws SQLException {
        return bind(c, ps, at, "bigint", values);
    }

    private static int bind(Connection c, PreparedStatement ps, int at, String arrayType, List<?> values)
            throws SQLException {
        if (postgres(c)) {
            ps.setArray(at, c.createArrayOf(arrayType, values.toArray()));
            return at + 1;
        }
        for (Object value : values) {
            ps.setObject(at++, value);
        }
        return at;
    }
}
