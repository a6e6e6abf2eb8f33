package org.labtrack.tracking.domain.model;

/** A key/value pair: MLflow's {@code RunTag}, {@code ExperimentTag} and {@code Param} share it. */
public record Tag(String key, String value) {
}
