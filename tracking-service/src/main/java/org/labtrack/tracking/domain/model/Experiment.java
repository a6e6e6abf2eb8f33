package org.labtrack.tracking.domain.model;

import java.util.List;

/** MLflow's {@code Experiment} message. */
public record Experiment(
    String experimentId,
    String name,
    String artifactLocation,
    String lifecycleStage,
    long lastUpdateTime,
    long creationTime,
    List<Tag> tags) {
}
