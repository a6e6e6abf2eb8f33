package org.labtrack.artifacts.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything artifact-service reads from {@code artifacts.*} (env names in application.properties). */
@ConfigMapping(prefix = "artifacts")
public interface ArtifactsConfig {

  Store store();

  Filesystem filesystem();

  S3 s3();

  Multipart multipart();

  /**
   * Base URL clients use to reach LabTrack (the gateway), e.g. {@code https://labtrack.example.org}.
   * Part URLs are built on it; when absent they are built from the gateway's X-Forwarded-* headers.
   */
  Optional<String> publicUrl();

  /** Where tracking-service answers {@code runs/get}, used to resolve a run's artifact root. */
  @WithDefault("http://127.0.0.1:8081")
  String trackingUrl();

  /**
   * How long a purge ({@code /api/labtrack/v1/gc}) waits for tracking-service to remove the
   * rows. What it removed stays removed when the wait ends; a second request finishes it.
   */
  @WithDefault("1h")
  Duration purgeTimeout();

  interface Store {
    /** {@code filesystem} (embedded default) or {@code s3}. */
    @WithDefault("filesystem")
    StoreType type();
  }

  enum StoreType { FILESYSTEM, S3 }

  interface Filesystem {
    /** The folder that holds every artifact; created at start when missing. */
    @WithDefault("./labtrack-data/artifacts")
    String root();
  }

  interface S3 {
    /** The bucket; required when the store is {@code s3}. */
    Optional<String> bucket();

    /** A key prefix inside the bucket, e.g. {@code mlflow/}. */
    Optional<String> prefix();

    /** Create the bucket at start when it does not exist. */
    @WithDefault("false")
    boolean createBucket();

    /**
     * Size of the in-memory part buffer: uploads larger than this go to S3 as a multipart upload of
     * parts this big (each retryable), and proxied multipart parts up to this size are buffered so
     * that the SDK can retry them. Each upload in flight holds at most one buffer. S3 needs 5M+.
     */
    @WithDefault("16M")
    MemorySize bufferSize();

    /**
     * Memory all upload buffers may take together (default: half the heap). An upload that finds
     * it spent waits for a buffer to come free, up to {@link #bufferWait()}, then gets a 503.
     */
    Optional<MemorySize> bufferMemory();

    /** How long an upload waits for a free buffer before it is refused as retryable. */
    @WithDefault("30s")
    Duration bufferWait();
  }

  interface Multipart {
    /** Offer MLflow's proxied multipart upload; when off, clients fall back to single PUTs. */
    @WithDefault("true")
    boolean enabled();

    /** HMAC key that signs part URLs; derived from LABTRACK_INTERNAL_SECRET when absent. */
    Optional<String> signingKey();

    /** How long a part URL stays valid. */
    @WithDefault("24h")
    Duration expiry();
  }
}
