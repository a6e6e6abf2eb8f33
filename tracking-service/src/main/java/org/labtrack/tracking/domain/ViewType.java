package org.labtrack.tracking.domain;

import org.labtrack.common.error.MlflowException;

/** Which lifecycle stages a listing or search returns, as MLflow's {@code ViewType}. */
public enum ViewType {
  ACTIVE_ONLY,
  DELETED_ONLY,
  ALL;

  /** Parses the wire value; absent means ACTIVE_ONLY, as in MLflow. */
  public static ViewType parse(String value, String parameter) {
    if (value == null || value.isEmpty()) {
      return ACTIVE_ONLY;
    }
    switch (value) {
      // protobuf's JSON also accepts an enum's number
      case "1": return ACTIVE_ONLY;
      case "2": return DELETED_ONLY;
      case "3": return ALL;
      default: break;
    }
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameter("Invalid value \"" + value + "\" for parameter '"
          + parameter + "' supplied. Expected one of ACTIVE_ONLY, DELETED_ONLY, ALL.");
    }
  }

  public boolean includes(LifecycleStage stage) {
    return switch (this) {
      case ACTIVE_ONLY -> stage == LifecycleStage.ACTIVE;
      case DELETED_ONLY -> stage == LifecycleStage.DELETED;
      case ALL -> true;
    };
  }
}
