package org.labtrack.tracking.store;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The rows of a multi-row {@code INSERT} written straight as SQL text, for the writes of run data
 * (metric points, params, tags), which {@link RunWriter} sends several to a round trip. Bound
 * through a batched {@code PreparedStatement}, the metric writes were tracking-service's largest
 * cost when logging: MySQL Connector/J spent about a third of its CPU in the logging benchmark
 * turning them into this same text (a value object, an encoder and a copy of the bindings per
 * value).
 *
 * <p>{@link #text} is for run ids and validated metric names, which hold no character that
 * would need escaping in any {@code sql_mode} (quote, backslash, control characters); such a
 * value is a programming error and is refused rather than escaped. Any other text (params, tag
 * values, names) goes through {@link #string}, as hexadecimal.
 */
public final class SqlRows {
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
    sql.append(plain(value));
    return this;
  }

  /** A literal of a run id or validated name (see above). */
  public static String plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '\\' || c < 0x20) {
        throw new IllegalArgumentException("not a plain SQL text value: " + value);
      }
    }
    return "'" + value + "'";
  }

  /**
   * Any text, as the hexadecimal of its UTF-8 bytes, so nothing in it can end the literal;
   * {@code null} as NULL.
   */
  SqlRows string(String value) {
    separate();
    sql.append(literal(value));
    return this;
  }

  /** A literal of any text, which no {@code sql_mode} reads differently; {@code null} as NULL. */
  public static String literal(String value) {
    return value == null ? "NULL"
        : "_utf8mb4 X'" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "'";
  }

  /** A number, or NULL. */
  SqlRows nullableNumber(Long value) {
    separate();
    sql.append(value == null ? "NULL" : value.toString());
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
