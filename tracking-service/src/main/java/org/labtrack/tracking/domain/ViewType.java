package org.labtrack.tracking.domain;

/** Which lifecycle stages a listing or search returns, as MLflow's {@code ViewType}. */
public enum ViewType {
  ACTIVE_ONLY,
  DELETED_ONLY,
  ALL;

  /** Parses the wire value (name or number); absent means ACTIVE_ONLY, as in MLflow. */
  public static ViewType parse(String value, String parameter) {
    return value == null || value.isEmpty() ? ACTIVE_ONLY
        : ProtoEnum.parse(ViewType.class, parameter, value);
  }

  public boolean includes(LifecycleStage stage) {
    return switch (this) {
      case ACTIVE_ONLY -> stage == LifecycleStage.ACTIVE;
      case DELETED_ONLY -> stage == LifecycleStage.DELETED;
      case ALL -> true;
    };
  }
}
