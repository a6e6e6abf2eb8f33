package org.labtrack.artifacts.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.labtrack.artifacts.config.ArtifactsConfig;
import org.labtrack.artifacts.domain.ArtifactPath;
import org.labtrack.common.error.MlflowException;

/**
 * Reads artifact paths from the raw request URL. JAX-RS path parameters arrive decoded and dot
 * segments normalised away, which would hide {@code %2F} and {@code ..} from the safety checks.
 */
@Singleton
public class RequestPaths {
  static final String[] PREFIXES = {"/api/2.0/mlflow-artifacts/", "/ajax-api/2.0/mlflow-artifacts/"};
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~\\-]+)*");

  private final Optional<String> publicUrl;

  RequestPaths(ArtifactsConfig config) {
    this.publicUrl = config.publicUrl().filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
  }

  /**
   * The validated artifact path that follows {@code route} (e.g. {@code "artifacts/"} or
   * {@code "mpu/create"}) in the raw request path.
   */
  public ArtifactPath after(HttpServerRequest request, String route) {
    String raw = request.path();
    for (String prefix : PREFIXES) {
      String start = prefix + route;
      if (raw.startsWith(start)) {
        return ArtifactPath.fromEncoded(raw.substring(start.length()).replaceFirst("^/", ""));
      }
    }
    throw MlflowException.invalidParameter("Invalid path.");
  }

  /**
   * The URL clients use to reach LabTrack: {@code artifacts.public-url}, else what the gateway's
   * X-Forwarded-* headers say, else this request's own scheme and host.
   */
  public String publicBaseUrl(HttpServerRequest request) {
    if (publicUrl.isPresent()) {
      return publicUrl.get();
    }
    String proto = first(request.getHeader("X-Forwarded-Proto"));
    String host = first(request.getHeader("X-Forwarded-Host"));
    String prefix = first(request.getHeader("X-Forwarded-Prefix"));
    if (proto == null || !(proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
      proto = request.scheme();
    }
    if (host == null || !HOST.matcher(host).matches()) {
      host = request.getHeader("Host");
    }
    if (host == null || !HOST.matcher(host).matches()) {
      host = "localhost";
    }
    if (prefix == null) {
      prefix = "";
    }
    prefix = prefix.replaceAll("/+$", "");
    if (!prefix.isEmpty() && !prefix.startsWith("/")) {
      prefix = "/" + prefix;
    }
    if (!PREFIX.matcher(prefix).matches()) {
      prefix = "";
    }
    return proto.toLowerCase(Locale.ROOT) + "://" + host + prefix;
  }

  private static String first(String header) {
    if (header == null) {
      return null;
    }
    String value = header.split(",", 2)[0].trim();
    return value.isEmpty() ? null : value;
  }
}
