package org.labtrack.tracking.domain.model;

/**
 * A metric point as a client sends it. Fields are nullable so that a missing value is reported
 * in MLflow's words instead of being read as 0.
 */
public record MetricInput(String key, Double value, Long timestamp, Long step, String modelId,
    String datasetName, String datasetDigest) {

  public MetricInput(String key, Double value, Long timestamp, Long step) {
    this(key, value, timestamp, step, null, null, null);
  }
}
