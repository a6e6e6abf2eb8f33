package org.labtrack.tracking.domain.model;


/**
 * One metric point, MLflow's {@code Metric} message. {@code runId} is set only where MLflow's
 * message carries it ({@code MetricWithRunId} of get-history-bulk-interval).
 */
public record Metric(String key, double value, long timestamp, long step, String runId) {

  public Metric(String key, double value, long timestamp, long step) {
    this(key, value, timestamp, step, null);
  }

  public Metric withRunId(String id) {
    return new Metric(key, value, timestamp, step, id);
  }
}
