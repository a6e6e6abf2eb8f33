package org.labtrack.artifacts.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.labtrack.common.internal.Internal;

/** Warns at start-up about settings that work but are unsafe or fragile. */
@Singleton
public class ConfigChecks {
  private static final Logger LOG = Logger.getLogger(ConfigChecks.class);
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
  private static final Set<String> DEFAULT_KEYS = Set.of("minioadmin", "admin", "accesskey", "secretkey");

  void check(@Observes StartupEvent start, ArtifactsConfig config, Config raw) {
    warnings(config, raw).forEach(LOG::warn);
  }

  /** The warnings for this configuration (empty when all is well). */
  static List<String> warnings(ArtifactsConfig config, Config raw) {
    List<String> warnings = new ArrayList<>();
    boolean s3 = config.store().type() == ArtifactsConfig.StoreType.S3;
    Optional<String> endpoint = raw.getOptionalValue("quarkus.s3.endpoint-override", String.class);
    if (s3 && endpoint.isPresent()) {
      URI uri = URI.create(endpoint.get());
      if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
          && !LOCAL_HOSTS.contains(uri.getHost().toLowerCase())) {
        warnings.add("S3 endpoint " + endpoint.get() + " is plain HTTP to a non-local host: artifacts "
            + "and credentials cross the network unencrypted. Recommended action: use https in "
            + "ARTIFACTS_S3_ENDPOINT or keep storage on a private network.");
      }
    }
    if (s3) {
      raw.getOptionalValue("quarkus.s3.aws.credentials.static-provider.secret-access-key", String.class)
          .filter(key -> DEFAULT_KEYS.contains(key.toLowerCase()))
          .ifPresent(key -> warnings.add("The S3 secret key is a well-known default. Recommended "
              + "action: set a strong ARTIFACTS_S3_SECRET_KEY."));
    }
    boolean staticKeys = raw.getOptionalValue("quarkus.s3.aws.credentials.static-provider.access-key-id",
        String.class).filter(k -> !k.isBlank()).isPresent();
    String credentialsType = raw.getOptionalValue("quarkus.s3.aws.credentials.type", String.class).orElse("default");
    if (s3 && staticKeys && !credentialsType.equalsIgnoreCase("static")) {
      warnings.add("ARTIFACTS_S3_ACCESS_KEY is set but ignored because ARTIFACTS_S3_CREDENTIALS is '"
          + credentialsType + "'. Recommended action: set ARTIFACTS_S3_CREDENTIALS=static.");
    }
    boolean signingKey = config.multipart().signingKey().filter(k -> !k.isBlank()).isPresent();
    boolean internalSecret = raw.getOptionalValue(Internal.SECRET_KEY, String.class)
        .filter(s -> !s.isBlank()).isPresent();
    if (config.multipart().enabled() && !signingKey && !internalSecret) {
      warnings.add("No key signs multipart part URLs (neither ARTIFACTS_SIGNING_KEY nor "
          + "LABTRACK_INTERNAL_SECRET is set): a random key is used, so part URLs stop working on "
          + "restart and differ between replicas. Recommended action: set ARTIFACTS_SIGNING_KEY.");
    } else if (signingKey && config.multipart().signingKey().get().length() < 16) {
      warnings.add("ARTIFACTS_SIGNING_KEY is shorter than 16 characters. Recommended action: use "
          + "at least 32 random characters.");
    }
    if (config.multipart().enabled() && config.publicUrl().filter(u -> !u.isBlank()).isEmpty()) {
      LOG.info("ARTIFACTS_PUBLIC_URL is not set: part URLs follow the gateway's X-Forwarded-* headers.");
    }
    return warnings;
  }
}
