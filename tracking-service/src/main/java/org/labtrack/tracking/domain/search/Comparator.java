package org.labtrack.tracking.domain.search;

import java.util.Optional;

/** The comparators MLflow's search grammar knows, with their canonical (upper-case) spelling. */
public enum Comparator {
  EQ("="),
  NE("!="),
  GT(">"),
  GE(">="),
  LT("<"),
  LE("<="),
  LIKE("LIKE"),
  ILIKE("ILIKE"),
  IN("IN"),
  NOT_IN("NOT IN");

  private final String symbol;

  Comparator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** The comparator spelled exactly {@code upper} (already upper-cased), if there is one. */
  static Optional<Comparator> of(String upper) {
    for (Comparator c : values()) {
      if (c.symbol.equals(upper)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public boolean isList() {
    return this == IN || this == NOT_IN;
  }
}
