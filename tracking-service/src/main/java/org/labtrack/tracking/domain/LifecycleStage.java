package org.labtrack.tracking.domain;

/** MLflow's lifecycle stages; the wire and the database both use the lower-case names. */
public enum LifecycleStage {
  ACTIVE("active"),
  DELETED("deleted");

  private final String wire;

  LifecycleStage(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static LifecycleStage fromWire(String value) {
    return "deleted".equals(value) ? DELETED : ACTIVE;
  }
}
