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
