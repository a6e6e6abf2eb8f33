package org.labtrack.common.error;

/**
 * A failure the client should see, in MLflow's words. Domain code throws it; the error mapper
 * turns it into {@code {"error_code": ..., "message": ...}} with the code's HTTP status.
 */
public class MlflowException extends RuntimeException {
  private final ErrorCode code;

  public MlflowException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public MlflowException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static MlflowException invalidParameter(String message) {
    return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  public static MlflowException notFound(String message) {
    return new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }

  /** MLflow's wording for a required field that is absent or empty. */
  public static MlflowException missingParameter(String name) {
    return invalidParameter("Missing value for required parameter '" + name + "'."
        + InvalidValue.SEE_THE_DOCS);
  }
}
