package dev.brisk.server.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** What the served-list log holds for one item of one list, read with plain SQL apart from the service's own queries. */
public final class ServedListMarks {
    private ServedListMarks() {
    }

    /** The item's click and purchase times in the list ({@code null} where none); null when the list does not hold it. */
    public static Long[] of(Connection c, String requestId, String itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, first_position, items FROM served_lists WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> items = Arrays.asList(rs.getString(3).split("\n", -1));
                int index = items.indexOf(itemId);
                if (index < 0) {
                    return null;
                }
                return marks(c, rs.getLong(1), rs.getInt(2) + index);
            }
        }
    }

    private static Long[] marks(Connection c, long listId, int position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT clicked_at, purchased_at FROM served_list_clicks WHERE list_id = ? AND position = ?")) {
            ps.setLong(1, listId);
            ps.setInt(2, position);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Long[] {null, null};
                }
                long clicked = rs.getLong(1);
                long purchased = rs.getLong(2);
                return new Long[] {clicked, rs.wasNull() ? null : purchased};
            }
        }
    }
}
