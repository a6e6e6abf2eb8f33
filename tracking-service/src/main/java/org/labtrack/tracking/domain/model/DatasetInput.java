package org.labtrack.tracking.domain.model;

import java.util.List;

/** MLflow's {@code DatasetInput}: a dataset a run used, with input tags such as its context. */
public record DatasetInput(List<Tag> tags, Dataset dataset) {

  /** MLflow's {@code Dataset}. */
  public record Dataset(
      String name,
      String digest,
      String sourceType,
      String source,
      String schema,
      String profile) {
  }
}
