package org.labtrack.tracking.store.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.labtrack.tracking.domain.search.Comparator;
import org.labtrack.tracking.store.AsciiIds;

/**
 * Native SQL with its bound parameters, built in order. Only fixed column names are ever written
 * into the text; every value, key included, goes through a {@code ?}.
 */
final class SqlText {
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  SqlText add(String text) {
    sql.append(text);
    return this;
  }

  /** Appends text containing exactly as many {@code ?} as values given. */
  SqlText add(String text, Object... values) {
    sql.append(text);
    params.addAll(Arrays.asList(values));
    return this;
  }

  SqlText add(SqlText other) {
    sql.append(other.sql);
    params.addAll(other.params);
    return this;
  }

  /** {@code column IN (?, ...)}; an empty list matches nothing (NOT IN: everything). */
  SqlText in(String column, List<?> values, boolean negate) {
    if (values.isEmpty()) {
      return add(negate ? "1=1" : "1=0");
    }
    sql.append(column).append(negate ? " NOT IN (" : " IN (");
    for (int i = 0; i < values.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
      params.add(values.get(i));
    }
    sql.append(')');
    return this;
  }

  /**
   * A string comparison with MLflow's MySQL semantics: {@code =}, {@code !=} and {@code LIKE} are
   * case-sensitive and {@code =}/{@code !=} compare bytes (MLflow adds a BINARY comparison, which
   * also makes trailing spaces count), {@code ILIKE} is {@code LOWER(col) LIKE LOWER(?)}.
   */
  SqlText compareString(String column, Comparator comparator, String value, List<String> values) {
    return switch (comparator) {
      case EQ -> add("(" + column + " = ? AND CAST(" + column + " AS BINARY) = CAST(? AS BINARY))",
          value, value);
      case NE -> add("CAST(" + column + " AS BINARY) <> CAST(? AS BINARY)", value);
      case LIKE -> add(column + " LIKE ?", value);
      case ILIKE -> add("LOWER(" + column + ") LIKE LOWER(?)", value);
      case IN -> in(column, values, false);
      case NOT_IN -> in(column, values, true);
      default -> throw new IllegalArgumentException("not a string comparator: " + comparator);
    };
  }

  /** {@link #compareString} on a column of ids, which holds only ASCII ({@link AsciiIds}). */
  SqlText compareId(String column, Comparator comparator, String value, List<String> values) {
    if (value == null) { // IN, NOT IN
      return compareString(column, comparator, null, AsciiIds.storable(values));
    }
    String decided = AsciiIds.decided(comparator == Comparator.NE, value);
    return decided != null ? add(decided) : compareString(column, comparator, value, null);
  }

  /** A numeric comparison; the comparator is one of = != > >= < <=. */
  SqlText compareNumber(String column, Comparator comparator, Object value) {
    String op = comparator == Comparator.NE ? "<>" : comparator.symbol();
    return add(column + " " + op + " ?", value);
  }

  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql.toString());
    for (int i = 0; i < params.size(); i++) {
      statement.setObject(i + 1, params.get(i));
    }
    return statement;
  }

  @Override
  public String toString() {
    return sql.toString();
  }
}
