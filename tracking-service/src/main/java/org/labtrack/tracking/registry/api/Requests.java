package org.labtrack.tracking.registry.api;

import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.Validation;

/**
 * Request helpers of the registry and LoggedModel resources: the path prefix both API roots
 * share, MLflow's required-field rule and its check of {@code max_results}.
 */
public final class Requests {
  /** {@code /api/2.0/mlflow} and the UI's {@code /ajax-api/2.0/mlflow}. */
  public static final String PREFIX = "/{prefix: api|ajax-api}/2.0/mlflow";

  private Requests() {
  }

  /** A field MLflow marks required: absent or empty is missing. */
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
      throw MlflowException.invalidParameter(Validation.invalidValue("max_results",
          Validation.quote(raw), " Hint: Value was of type 'str'.")
          + " See the API docs for more information about request parameters.");
    }
    return value;
  }
}
