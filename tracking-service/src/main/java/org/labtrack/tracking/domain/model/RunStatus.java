package org.labtrack.tracking.domain.model;

import org.labtrack.common.error.MlflowException;

/** MLflow's {@code RunStatus}, in the proto's order (RUNNING is 1). */
public enum RunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED;

  /** Parses the wire value: the name or, as protobuf's JSON allows, the number. */
  public static RunStatus parse(String value) {
    for (RunStatus status : values()) {
      if (status.name().equals(value) || Integer.toString(status.ordinal() + 1).equals(value)) {
        return status;
      }
    }
    throw MlflowException.invalidParameter("Invalid value \"" + value + "\" for parameter "
        + "'status' supplied. Expected one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED.");
  }
}
