package org.labtrack.artifacts.store;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;
import org.labtrack.artifacts.config.ArtifactsConfig;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Picks the store named by {@code artifacts.store.type}. The S3 client is looked up only for the
 * S3 store, so a filesystem deployment never needs S3 settings.
 */
@Singleton
public class StoreProducer {
  private static final Logger LOG = Logger.getLogger(StoreProducer.class);

  @Produces
  @Singleton
  ArtifactStore artifactStore(ArtifactsConfig config, Instance<S3Client> s3) {
    return switch (config.store().type()) {
      case FILESYSTEM -> new FileSystemArtifactStore(Path.of(config.filesystem().root()),
          config.multipart().expiry());
      case S3 -> new S3ArtifactStore(s3.get(), new S3ArtifactStore.Settings(
          config.s3().bucket().orElseThrow(() -> new IllegalStateException(
              "artifacts.store.type=s3 needs a bucket: set ARTIFACTS_S3_BUCKET.")),
          config.s3().prefix().orElse(""),
          config.s3().bufferSize().asLongValue(),
          config.s3().bufferMemory().map(MemorySize::asLongValue)
              .orElse(Runtime.getRuntime().maxMemory() / 2),
          config.s3().bufferWait(),
          config.s3().createBucket(),
          config.multipart().expiry()), Clock.systemUTC());
    };
  }

  /** Prepares the store at start; storage that is down now only makes readiness fail. */
  void init(@Observes StartupEvent start, ArtifactStore store) {
    try {
      store.init();
      LOG.infof("Artifact store: %s", store.describe());
    } catch (StorageUnavailableException e) {
      LOG.warnf("Artifact store %s is not available yet: %s", store.describe(), e.getMessage());
    }
  }
}
