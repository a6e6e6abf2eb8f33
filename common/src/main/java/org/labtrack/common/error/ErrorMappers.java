package org.labtrack.common.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.labtrack.common.json.JsonTypes;

/**
 * The one place where a LabTrack service shapes an HTTP error. Everything leaves as MLflow's
 * {@code {"error_code", "message"}} JSON; no stack trace or Java type name reaches the wire.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  private final Instance<ExceptionTranslator> translators;

  ErrorMappers(Instance<ExceptionTranslator> translators) {
    this.translators = translators;
  }

  public static Response toResponse(MlflowException e) {
    return toResponse(e.code(), e.getMessage());
  }

  public static Response toResponse(ErrorCode code, String message) {
    return Response.status(code.httpStatus())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorResponse.of(code, message))
        .build();
  }

  @ServerExceptionMapper
  public Response mlflow(MlflowException e) {
    if (e.code().httpStatus() >= 500) {
      LOG.warnf("%s: %s", e.code(), e.getMessage());
    }
    return toResponse(e);
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return toResponse(ErrorCode.INVALID_PARAMETER_VALUE, describe(e));
  }

  /** Quarkus ships its own mapper for this type with a body of its own; ours must win. */
  @ServerExceptionMapper(priority = 1)
  public Response mismatchedInput(MismatchedInputException e) {
    return json(e);
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, UriInfo uri) {
    return toResponse(ErrorCode.ENDPOINT_NOT_FOUND,
        "No endpoint at " + uri.getPath() + ". Check the path and the API version.");
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e, UriInfo uri) {
    String allowed = String.join(", ", e.getResponse().getAllowedMethods());
    return Response.fromResponse(
            toResponse(ErrorCode.BAD_REQUEST,
                "Method not allowed for " + uri.getPath() + ". Allowed: " + allowed + "."))
        .status(405)
        .build();
  }

  @ServerExceptionMapper
  public Response unsupportedMediaType(NotSupportedException e) {
    // MLflow checks the Content-Type of every POST/PUT and answers 400, not 415.
    return toResponse(ErrorCode.INVALID_PARAMETER_VALUE,
        "Bad Request. Content-Type must be one of ['application/json'].");
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    // the body reader wraps JSON errors in a plain 400; the client should hear what was wrong
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException json) {
        return json(json);
      }
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e);
    }
    ErrorCode code = switch (status) {
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 403 -> ErrorCode.PERMISSION_DENIED;
      case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
      case 409 -> ErrorCode.RESOURCE_CONFLICT;
      case 413 -> ErrorCode.RESOURCE_EXHAUSTED;
      case 429 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
      default -> ErrorCode.BAD_REQUEST;
    };
    String message = e.getMessage() == null ? "Bad request." : e.getMessage();
    return Response.fromResponse(toResponse(code, message)).status(status).build();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    for (ExceptionTranslator translator : translators) {
      Optional<MlflowException> translated = translator.translate(e);
      if (translated.isPresent()) {
        return mlflow(translated.get());
      }
    }
    String reference = UUID.randomUUID().toString();
    LOG.errorf(e, "Unexpected failure (reference %s)", reference);
    return toResponse(ErrorCode.INTERNAL_ERROR,
        "An internal error occurred. It has been logged with reference " + reference + ".");
  }

  /** Says which field was wrong without echoing Java types. */
  static String describe(JsonProcessingException e) {
    String limit = exceededLimit(e);
    if (e instanceof JsonParseException) {
      return "Malformed JSON in request body: " + e.getOriginalMessage();
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      if (e instanceof JsonTypes.HalfCharacter half) {
        return "Invalid value for parameter '" + field + "' supplied: " + half.reason() + ".";
      }
      if (e instanceof InvalidNullException) {
        return InvalidValue.wrongType(field, null);
      }
      if (e instanceof InvalidFormatException invalid && (invalid.getValue() instanceof String
          || invalid.getValue() instanceof Number || invalid.getValue() instanceof Boolean)) {
        return InvalidValue.wrongType(field, invalid.getValue());
      }
      String value = e instanceof InvalidFormatException invalid
          ? String.valueOf(invalid.getValue())
          : null;
      String hint = e instanceof MismatchedInputException mismatched
          && mismatched.getTargetType() != null
          ? " Expected " + jsonTypeOf(mismatched.getTargetType()) + "."
          : "";
      if (limit != null) {
        return "Invalid value for parameter '" + field + "' supplied: " + limit + ".";
      }
      return value != null
          ? "Invalid value " + value + " for parameter '" + field + "' supplied." + hint
          : "Invalid value for parameter '" + field + "' supplied." + hint;
    }
    return limit != null ? "Invalid request body: " + limit + "." : "Invalid request body.";
  }

  /**
   * The JSON reader's own limit a value broke (20M characters a string, 1000 digits a number,
   * 1000 levels of nesting), without the Java names Jackson's message ends with, nor the length
   * it had read when it stopped, which is not the value's.
   */
  private static String exceededLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException constraint) {
        return constraint.getOriginalMessage().replaceAll(", from `[^`]*`", "")
            .replaceAll(" \\(\\d+\\) exceeds", " exceeds");
      }
    }
    return null;
  }

  private static String jsonTypeOf(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }
}
