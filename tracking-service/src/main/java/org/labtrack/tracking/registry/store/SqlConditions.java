package org.labtrack.tracking.registry.store;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the SQL of one search comparison the way MLflow's SQL store does on MySQL: {@code =},
 * {@code !=} and {@code LIKE} on text columns add a {@code BINARY} comparison so they are
 * case-sensitive (and blind to trailing-space padding); {@code ILIKE} lower-cases both sides;
 * {@code IN} keeps the column's collation. Numeric columns compare plainly.
 */
public final class SqlConditions {
  private static final Set<String> PLAIN = Set.of(">", ">=", "<", "<=");

  private SqlConditions() {
  }

  /**
   * The condition for {@code column <comparator> value}, adding its parameters to {@code params}.
   * {@code value} is a String, a Number or a Collection of Strings.
   */
  public static String compare(String column, boolean text, String comparator, Object value,
      List<Object> params) {
    if (value instanceof Collection<?> list) {
      boolean negated = comparator.equals("NOT IN");
      if (list.isEmpty()) {
        return negated ? "1 = 1" : "1 = 0";
      }
      params.addAll(list);
      String marks = list.stream().map(v -> "?").collect(Collectors.joining(", "));
      return column + (negated ? " NOT IN (" : " IN (") + marks + ")";
    }
    Object bound = value instanceof java.math.BigInteger big ? new java.math.BigDecimal(big) : value;
    if (!text || PLAIN.contains(comparator)) {
      params.add(bound);
      String op = comparator.equals("LIKE") || comparator.equals("ILIKE") ? "LIKE" : comparator;
      return column + " " + op + " ?";
    }
    switch (comparator) {
      case "=" -> {
        params.add(bound);
        params.add(bound);
        return "(" + column + " = ? AND BINARY " + column + " = ?)";
      }
      case "!=" -> {
        params.add(bound);
        params.add(bound);
        return "(" + column + " != ? OR BINARY " + column + " != ?)";
      }
      case "LIKE" -> {
        params.add(bound);
        params.add(bound);
        return "(" + column + " LIKE ? AND BINARY " + column + " LIKE ?)";
      }
      case "ILIKE" -> {
        params.add(bound);
        return "LOWER(" + column + ") LIKE LOWER(?)";
      }
      default -> throw new IllegalArgumentException("comparator " + comparator);
    }
  }
}
