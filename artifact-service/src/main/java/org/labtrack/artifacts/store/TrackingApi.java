package org.labtrack.artifacts.store;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.labtrack.common.internal.Internal;

/** The one tracking-service call artifact-service makes. */
@Path("/api/2.0/mlflow/runs")
public interface TrackingApi {

  @GET
  @Path("/get")
  @Produces(MediaType.APPLICATION_JSON)
  Response getRun(@QueryParam("run_id") String runId,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);
}
