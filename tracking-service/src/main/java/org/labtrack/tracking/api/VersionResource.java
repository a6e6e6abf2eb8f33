package org.labtrack.tracking.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.labtrack.tracking.config.TrackingConfig;

/** {@code GET /version}: the MLflow API version LabTrack implements, in plain text as MLflow. */
@Path("/version")
public class VersionResource {
  private final TrackingConfig config;

  VersionResource(TrackingConfig config) {
    this.config = config;
  }

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String version() {
    return config.mlflowVersion();
  }
}
