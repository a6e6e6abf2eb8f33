package org.labtrack.tracking.domain.model;

/** MLflow's {@code RunInfo}; {@code run_uuid} is the legacy twin of {@code run_id}. */
public record RunInfo(
    String runId,
    String runUuid,
    String runName,
    String experimentId,
    String userId,
    String status,
    Long startTime,
    Long endTime,
    String artifactUri,
    String lifecycleStage) {
}
