package org.labtrack.common.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/** MLflow's error body. */
public record ErrorResponse(@JsonProperty("error_code") String errorCode, String message) {

  public static ErrorResponse of(ErrorCode code, String message) {
    return new ErrorResponse(code.name(), message);
  }
}
