package org.labtrack.tracking.domain.model;

/** MLflow's {@code RunStatus}. */
public enum RunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED
}
