package org.labtrack.tracking.api;

import java.util.Map;
import org.labtrack.common.error.InvalidValue;
import org.labtrack.common.error.MlflowException;

/** Path prefixes and small helpers shared by every tracking-service resource. */
public final class Api {
  /**
   * Every RPC answers on {@code /api/2.0/mlflow/...} and on {@code /ajax-api/2.0/mlflow/...},
   * which browser UIs use.
   */
  public static final String PREFIX = "/{prefix: api|ajax-api}/2.0/mlflow";

  /** MLflow's empty success body. */
  public static final Map<String, Object> EMPTY = Map.of();

  private Api() {
  }

  /** The value of a field MLflow marks required: absent and empty are both missing. */
  public static String required(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw MlflowException.missingParameter(name);
    }
    return value;
  }

  public static <T> T required(T value, String name) {
    if (value == null) {
      throw MlflowException.missingParameter(name);
    }
    return value;
  }

  /**
   * {@code max_results} of a GET search as MLflow's handler checks it: an integer no larger than
   * {@code max}; anything else is refused in the handler's words. Absent means the default.
   */
  public static Long maxResults(String raw, long max) {
    if (raw == null) {
      return null;
    }
    Long value = null;
    try {
      value = Long.parseLong(raw.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (value == null || value > max) {
      throw MlflowException.invalidParameter(InvalidValue.wrongType("max_results", raw));
    }
    return value;
  }
}
