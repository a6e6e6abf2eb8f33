package org.labtrack.artifacts.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.labtrack.artifacts.domain.ArtifactPath;
import org.labtrack.common.error.ErrorMappers;
import org.labtrack.common.error.MlflowException;

/**
 * Checks artifact URLs before routing. Routing works on a normalised path ({@code a/../b} becomes
 * {@code b}), so a traversal attempt would otherwise reach another route or a 404 instead of the
 * 400 {@code INVALID_PARAMETER_VALUE} it deserves.
 */
public class PathGuard {

  @ServerRequestFilter(preMatching = true)
  public Response checkArtifactPath(HttpServerRequest request) {
    String raw = request.path();
    if (raw == null || !looksLikeArtifactRoute(raw)) {
      return null;
    }
    try {
      for (String prefix : RequestPaths.PREFIXES) {
        if (raw.startsWith(prefix)) {
          ArtifactPath.fromEncoded(raw.substring(prefix.length()));
          return null;
        }
      }
      throw MlflowException.invalidParameter("Invalid path: the URL is not in canonical form.");
    } catch (MlflowException e) {
      return ErrorMappers.toResponse(e);
    }
  }

  private static boolean looksLikeArtifactRoute(String raw) {
    String decoded;
    try {
      decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = raw;
    }
    return decoded.toLowerCase(Locale.ROOT).contains("mlflow-artifacts");
  }
}
