package org.labtrack.common.internal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.ErrorMappers;

/**
 * Services behind the gateway accept work only from the gateway: every request must carry the
 * shared secret in {@link Internal#TOKEN_HEADER}. Probes ({@code /health}, {@code /version}) stay
 * open. With no secret configured the guard is off and a warning says so at start-up.
 */
@Singleton
public class GatewayOnlyFilter {
  private static final Logger LOG = Logger.getLogger(GatewayOnlyFilter.class);
  private static final Set<String> OPEN_PATHS = Set.of("/health", "/version");

  private final byte[] secret;

  private final boolean enabled;

  GatewayOnlyFilter(@ConfigProperty(name = Internal.SECRET_KEY) Optional<String> secret,
      @ConfigProperty(name = Internal.GUARD_KEY, defaultValue = "true") boolean enabled) {
    this.secret = secret.filter(s -> !s.isBlank())
        .map(s -> s.getBytes(StandardCharsets.UTF_8))
        .orElse(null);
    this.enabled = enabled;
  }

  void warnWhenOpen(@Observes StartupEvent start) {
    if (enabled && secret == null) {
      LOG.warn("LABTRACK_INTERNAL_SECRET is not set: this service accepts requests from anyone, "
          + "not only from the gateway. Recommended action: set the same secret on the gateway "
          + "and on every service.");
    }
  }

  @ServerRequestFilter(preMatching = true)
  public Response requireGateway(ContainerRequestContext request) {
    if (!enabled || secret == null || OPEN_PATHS.contains(request.getUriInfo().getPath())) {
      return null;
    }
    String presented = request.getHeaderString(Internal.TOKEN_HEADER);
    if (presented != null
        && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    return ErrorMappers.toResponse(ErrorCode.PERMISSION_DENIED,
        "This service accepts requests only through the LabTrack gateway.");
  }
}
