package org.labtrack.tracking.api;

import java.util.Map;
import org.labtrack.common.error.MlflowException;

/** Path prefixes and small helpers shared by the tracking resources. */
final class Api {
  /**
   * Every RPC answers on {@code /api/2.0/mlflow/...} and on {@code /ajax-api/2.0/mlflow/...},
   * which browser UIs use.
   */
  static final String PREFIX = "/{prefix: api|ajax-api}/2.0/mlflow";

  /** MLflow's empty success body. */
  static final Map<String, Object> EMPTY = Map.of();

  private Api() {
  }

  /** The value of a field MLflow marks required: absent and empty are both missing. */
  static String required(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw MlflowException.missingParameter(name);
    }
    return value;
  }

  static <T> T required(T value, String name) {
    if (value == null) {
      throw MlflowException.missingParameter(name);
    }
    return value;
  }
}
