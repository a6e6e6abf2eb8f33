package org.labtrack.common.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * MLflow's liveness answer, {@code GET /health -> OK}, which load balancers and the mlflow CLI
 * probe. Kubernetes uses the richer {@code /q/health/*} on the management port instead.
 */
@Path("/health")
public class HealthResource {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String health() {
    return "OK";
  }
}
