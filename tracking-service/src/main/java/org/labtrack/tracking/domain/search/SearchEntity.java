package org.labtrack.tracking.domain.search;

/** What a filter or order_by identifier names, with MLflow's canonical identifier word. */
public enum SearchEntity {
  METRIC("metric"),
  PARAM("parameter"),
  TAG("tag"),
  ATTRIBUTE("attribute"),
  DATASET("dataset");

  private final String mlflowName;

  SearchEntity(String mlflowName) {
    this.mlflowName = mlflowName;
  }

  /** The word MLflow's messages use for this entity type. */
  public String mlflowName() {
    return mlflowName;
  }
}
