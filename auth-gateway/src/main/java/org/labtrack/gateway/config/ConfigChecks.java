package org.labtrack.gateway.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.labtrack.common.internal.Internal;
import org.labtrack.gateway.auth.UserFiles;

/** Start-up warnings about settings that work but are unsafe, each with what to do about it. */
@Singleton
public class ConfigChecks {
  private static final Logger LOG = Logger.getLogger(ConfigChecks.class);

  private final GatewayConfig config;
  private final Optional<String> secret;
  private final boolean http2;

  ConfigChecks(GatewayConfig config,
      @ConfigProperty(name = Internal.SECRET_KEY) Optional<String> secret,
      @ConfigProperty(name = "quarkus.http.http2", defaultValue = "true") boolean http2) {
    this.config = config;
    this.secret = secret.filter(s -> !s.isBlank());
    this.http2 = http2;
  }

  /** Runs after the users file exists (a bootstrap admin is created at priority 10). */
  void check(@Observes @Priority(20) StartupEvent event) {
    if (secret.isEmpty()) {
      LOG.warn("LABTRACK_INTERNAL_SECRET is not set: the services behind the gateway cannot "
          + "tell its requests from anyone else's, so their ports are open to whoever reaches "
          + "them. Recommended action: set the same random secret on the gateway and on every "
          + "service.");
    }
    if (http2) {
      LOG.warn("quarkus.http.http2 is on: clients asking for an h2c upgrade (the JDK's "
          + "HttpClient does by default) made Vert.x hold whole request bodies in memory. "
          + "Recommended action: keep quarkus.http.http2=false on the gateway.");
    }
    if (Files.exists(config.usersFile()) && UserFiles.readableByOthers(config.usersFile())) {
      LOG.warnf("The users file %s can be read by other accounts; its hashes can be attacked "
          + "offline. Recommended action: chmod 600 %s.", config.usersFile(), config.usersFile());
    }
    checkUrl("GATEWAY_TRACKING_URL", config.trackingUrl());
    checkUrl("GATEWAY_ARTIFACTS_URL", config.artifactsUrl());
  }

  private static void checkUrl(String variable, URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      LOG.warnf("%s=%s is not an http(s)://host:port URL; requests to that service will fail.",
          variable, url);
    } else if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
      LOG.warnf("%s=%s has a path; the gateway forwards the request path as it is and ignores "
          + "it. Recommended action: give scheme, host and port only.", variable, url);
    }
  }
}
