package org.labtrack.tracking.domain.model;

/**
 * MLflow's {@code DatasetSummary}: a dataset some run of the experiment used, in one context
 * (the input tag {@code mlflow.data.context}, absent when the input had none).
 */
public record DatasetSummary(String experimentId, String name, String digest, String context) {
}
