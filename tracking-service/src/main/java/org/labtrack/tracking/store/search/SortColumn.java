package org.labtrack.tracking.store.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.PageToken;

/**
 * One ORDER BY column and how to seek past a row on it.
 *
 * @param expr the SQL expression (fixed text, no values)
 * @param ascending the direction
 * @param type how the value is read from a row and from a page token
 * @param nullsLast true when the column may be NULL with no CASE column before it to place the
 *     NULLs: then NULLs come after all values (MySQL does so for DESC); false when it is never
 *     NULL, or NULL only within a group of rows that all share NULL
 */
record SortColumn(String expr, boolean ascending, Type type, boolean nullsLast) {

  enum Type { LONG, DOUBLE, STRING }

  String orderBy() {
    return expr + (ascending ? " ASC" : " DESC");
  }

  Object read(ResultSet rs, int column) throws SQLException {
    Object value = switch (type) {
      case LONG -> rs.getLong(column);
      case DOUBLE -> rs.getDouble(column);
      case STRING -> rs.getString(column);
    };
    return rs.wasNull() ? null : value;
  }

  Object fromToken(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    boolean fits = switch (type) {
      case LONG -> node.isIntegralNumber();
      case DOUBLE -> node.isNumber();
      case STRING -> node.isTextual();
    };
    if (!fits) {
      throw MlflowException.invalidParameter("Invalid page token, parsed value=" + node);
    }
    return switch (type) {
      case LONG -> node.asLong();
      case DOUBLE -> node.asDouble();
      case STRING -> node.asText();
    };
  }

  /**
   * The rows strictly after {@code last} in this order:
   * OR over k of (columns before k equal AND column k past its value). Only fixed SQL text; the
   * values are bound.
   */
  static SqlText after(List<SortColumn> columns, List<Object> last) {
    SqlText or = new SqlText().add("(");
    boolean any = false;
    for (int k = 0; k < columns.size(); k++) {
      SortColumn c = columns.get(k);
      Object value = last.get(k);
      if (value == null) {
        continue; // nothing sorts after NULL within equal preceding columns
      }
      or.add(any ? " OR (" : "(");
      for (int j = 0; j < k; j++) {
        or.add(columns.get(j).expr + " <=> ? AND ", last.get(j));
      }
      String op = c.ascending ? " > ?" : " < ?";
      if (c.nullsLast) {
        or.add("(" + c.expr + op + " OR " + c.expr + " IS NULL))", value);
      } else {
        or.add(c.expr + op + ")", value);
      }
      any = true;
    }
    return any ? or.add(")") : new SqlText().add("1=0");
  }

  /**
   * For a keyset position, appends to {@code where} the rows after it and returns the last row's
   * sort values; for an offset (or the first page) appends nothing and returns null.
   */
  static List<Object> seek(List<SortColumn> columns, PageToken.Position position, SqlText where) {
    if (!position.isKeyset()) {
      return null;
    }
    List<Object> last = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      last.add(columns.get(i).fromToken(position.after().get(i)));
    }
    where.add(" AND ").add(firstColumnBound(columns.get(0), last.get(0)));
    where.add(" AND ").add(after(columns, last));
    return last;
  }

  static String orderBy(List<SortColumn> columns) {
    return String.join(", ", columns.stream().map(SortColumn::orderBy).toList());
  }

  /**
   * A redundant, index-friendly bound on the first column that {@link #after} implies, so the
   * optimizer can start its range at the last row instead of the first.
   */
  private static SqlText firstColumnBound(SortColumn first, Object value) {
    if (value == null) {
      return new SqlText().add(first.expr + " IS NULL");
    }
    String op = first.ascending ? " >= ?" : " <= ?";
    if (first.nullsLast) {
      return new SqlText().add("(" + first.expr + op + " OR " + first.expr + " IS NULL)", value);
    }
    return new SqlText().add(first.expr + op, value);
  }
}
