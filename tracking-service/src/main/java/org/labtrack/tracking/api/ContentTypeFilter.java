package org.labtrack.tracking.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.ErrorMappers;

/**
 * MLflow refuses a POST or PUT without a JSON Content-Type before it reads the body. Like MLflow's
 * own routing, the check comes after the endpoint is found: a path LabTrack does not serve (OTLP
 * spans at {@code /v1/traces}, sent as protobuf) is ENDPOINT_NOT_FOUND, not a complaint about the
 * body's type.
 */
public class ContentTypeFilter {

  @ServerRequestFilter
  public Response requireJson(ContainerRequestContext request) {
    String method = request.getMethod();
    if (!"POST".equals(method) && !"PUT".equals(method)) {
      return null;
    }
    String type = request.getHeaderString("Content-Type");
    if (type == null || type.isBlank()) {
      return ErrorMappers.toResponse(ErrorCode.INVALID_PARAMETER_VALUE,
          "Bad Request. Content-Type header is missing.");
    }
    String mediaType = type.split(";", 2)[0].trim();
    if (!"application/json".equalsIgnoreCase(mediaType)) {
      return ErrorMappers.toResponse(ErrorCode.INVALID_PARAMETER_VALUE,
          "Bad Request. Content-Type must be one of ['application/json'].");
    }
    return null;
  }
}
