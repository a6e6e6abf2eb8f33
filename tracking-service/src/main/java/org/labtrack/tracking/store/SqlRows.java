package org.labtrack.tracking.store;

import java.util.HexFormat;

/**
 * The rows of a multi-row {@code INSERT} written straight as SQL text, for the metric writes,
 * whose values are numbers, bytes, run ids and validated metric names. Bound through a batched
 * {@code PreparedStatement}, they were tracking-service's largest cost when logging: MySQL
 * Connector/J spent about a third of its CPU in the logging benchmark turning them into this
 * same text (a value object, an encoder and a copy of the bindings per value).
 *
 * <p>Text values may hold no character that would need escaping in any {@code sql_mode} (quote,
 * backslash, control characters). Names that reach a store are validated to MLflow's characters
 * (alphanumerics, {@code _ - . / :} and space), so such a value is a programming error and is
 * refused rather than escaped.
 */
final class SqlRows {
  private final StringBuilder sql;
  private int rows;
  private int valuesInRow;

  /** {@code head}: the statement up to and including {@code VALUES}. */
  SqlRows(String head, int expectedRows) {
    sql = new StringBuilder(head.length() + expectedRows * 96).append(head);
  }

  /** Starts the next row. */
  SqlRows row() {
    sql.append(rows++ == 0 ? " (" : "), (");
    valuesInRow = 0;
    return this;
  }

  SqlRows text(String value) {
    separate();
    sql.append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '\\' || c < 0x20) {
        throw new IllegalArgumentException("not a plain SQL text value: " + value);
      }
    }
    sql.append(value).append('\'');
    return this;
  }

  SqlRows number(long value) {
    separate();
    sql.append(value);
    return this;
  }

  /** A finite double, written as Java writes it, which reads back to the same double. */
  SqlRows number(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("SQL has no literal for " + value);
    }
    separate();
    sql.append(value);
    return this;
  }

  /** Bytes as a hexadecimal literal, which no {@code sql_mode} reads differently. */
  SqlRows bytes(byte[] value) {
    separate();
    sql.append("X'").append(HexFormat.of().formatHex(value)).append('\'');
    return this;
  }

  SqlRows bool(boolean value) {
    separate();
    sql.append(value ? '1' : '0');
    return this;
  }

  /** The statement: the rows, then {@code tail} (an {@code ON DUPLICATE KEY} clause or ""). */
  String sql(String tail) {
    if (rows == 0) {
      throw new IllegalStateException("an INSERT needs at least one row");
    }
    return sql + ")" + tail;
  }

  private void separate() {
    if (valuesInRow++ > 0) {
      sql.append(", ");
    }
  }
}
