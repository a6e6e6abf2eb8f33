package org.labtrack.tracking.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of tracking-service ({@code tracking.*}). */
@ConfigMapping(prefix = "tracking")
public interface TrackingConfig {

  /**
   * Where new experiments keep their artifacts unless they name a location. The default,
   * {@code mlflow-artifacts:/}, is served by artifact-service behind the gateway, so clients
   * never need storage credentials.
   */
  @WithDefault("mlflow-artifacts:/")
  String defaultArtifactRoot();

  /**
   * The MLflow API version {@code GET /version} reports. MLflow 3 clients gate features on it;
   * LabTrack reports the version whose tracking API it implements.
   */
  @WithDefault("3.0.0")
  String mlflowVersion();

  /**
   * Memory for the JSON of runs this replica answered with (runs/get, runs/search), served
   * again while a run is unchanged. About 2 KB per run of 20 params and 10 metrics; 0 turns it
   * off.
   */
  @WithDefault("64M")
  MemorySize runCacheSize();

  /**
   * Memory for metric histories this replica read (get-history, the charts' bulk reads), served
   * again while their run is unchanged: 24 bytes a point, so a million-point history that a
   * client reads in 25k-point pages is read from the database once. 0 turns it off.
   */
  @WithDefault("64M")
  MemorySize historyCacheSize();

  /**
   * How many large log-batch writes (more than 200 values) run at once; more wait their turn,
   * larger ones ahead, while small writes never wait ({@code BulkWrites}).
   */
  @WithDefault("3")
  int bulkWritePermits();
}
