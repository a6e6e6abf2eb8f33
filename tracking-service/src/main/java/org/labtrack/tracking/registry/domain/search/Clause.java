package org.labtrack.tracking.registry.domain.search;

/**
 * One validated filter condition. {@code value} is a {@code String}, a {@code Number}, or a
 * {@code List<String>} for {@code IN}; {@code comparator} is upper case.
 */
public record Clause(Kind kind, String key, String comparator, Object value) {

  /** What the key names: a column of the searched entity, or one of its tags. */
  public enum Kind { ATTRIBUTE, TAG }
}
