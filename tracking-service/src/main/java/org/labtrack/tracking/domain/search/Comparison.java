package org.labtrack.tracking.domain.search;

import java.math.BigDecimal;
import java.util.List;

/**
 * One validated clause of a search filter.
 *
 * @param entity what the identifier names
 * @param key the metric/param/tag key, or the canonical attribute or dataset field name (aliases
 *     such as {@code created} or {@code "run name"} already translated)
 * @param comparator the comparator
 * @param value the unquoted string or the numeric literal; null for IN/NOT IN
 * @param values the list for IN/NOT IN (for run_id, MLflow's lower-case rule already applied);
 *     empty otherwise
 */
public record Comparison(SearchEntity entity, String key, Comparator comparator, String value,
    List<String> values) {

  public Comparison {
    values = List.copyOf(values);
  }

  /** The numeric literal as a double, as MLflow's {@code float(value)} (±huge clamps to ±MAX). */
  public double doubleValue() {
    double d = Double.parseDouble(value);
    if (d == Double.POSITIVE_INFINITY) {
      return Double.MAX_VALUE;
    }
    return d == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : d;
  }

  /** The numeric literal exactly, for integer columns compared with a possibly fractional value. */
  public BigDecimal decimalValue() {
    return new BigDecimal(value);
  }
}
