package org.labtrack.tracking.loggedmodel.domain;

import java.util.List;
import org.labtrack.tracking.domain.model.Tag;

/** MLflow 3's {@code LoggedModel}: info (attributes and tags) and data (params and metrics). */
public record LoggedModel(Info info, Data data) {

  /** MLflow's {@code LoggedModelInfo}; {@code status} is the proto enum name. */
  public record Info(
      String modelId,
      String experimentId,
      String name,
      Long creationTimestampMs,
      Long lastUpdatedTimestampMs,
      String artifactUri,
      String status,
      String modelType,
      String sourceRunId,
      List<Tag> tags) {
  }

  /** MLflow's {@code LoggedModelData}. */
  public record Data(List<Tag> params, List<Metric> metrics) {
  }

  /** MLflow's {@code Metric} as linked to a model: with its run, model and dataset. */
  public record Metric(String key, double value, long timestamp, long step, String datasetName,
      String datasetDigest, String modelId, String runId) {
  }
}
