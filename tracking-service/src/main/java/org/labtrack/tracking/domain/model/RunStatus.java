package org.labtrack.tracking.domain.model;

import org.labtrack.tracking.domain.ProtoEnum;

/** MLflow's {@code RunStatus}, in the proto's order (RUNNING is 1). */
public enum RunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED;

  /** Parses the wire value: the name or, as protobuf's JSON allows, the number. */
  public static RunStatus parse(String value) {
    return ProtoEnum.parse(RunStatus.class, "status", value);
  }
}
