package org.labtrack.common.error;

/**
 * MLflow's error codes with the HTTP status MLflow's server answers for each
 * ({@code mlflow/exceptions.py}, {@code ERROR_CODE_TO_HTTP_STATUS}). Clients branch on the code
 * name, so the names must stay exactly as MLflow spells them.
 */
public enum ErrorCode {
  INTERNAL_ERROR(500),
  INVALID_STATE(500),
  DATA_LOSS(500),
  NOT_IMPLEMENTED(501),
  TEMPORARILY_UNAVAILABLE(503),
  DEADLINE_EXCEEDED(504),
  REQUEST_LIMIT_EXCEEDED(429),
  RESOURCE_EXHAUSTED(429),
  CANCELLED(499),
  ABORTED(409),
  RESOURCE_CONFLICT(409),
  ALREADY_EXISTS(409),
  NOT_FOUND(404),
  ENDPOINT_NOT_FOUND(404),
  RESOURCE_DOES_NOT_EXIST(404),
  PERMISSION_DENIED(403),
  CUSTOMER_UNAUTHORIZED(401),
  UNAUTHENTICATED(401),
  BAD_REQUEST(400),
  // MLflow answers 400, not 409, for duplicate names; set_experiment's race handling relies on it.
  RESOURCE_ALREADY_EXISTS(400),
  INVALID_PARAMETER_VALUE(400);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
