package org.labtrack.artifacts.store;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.labtrack.common.internal.Internal;

/** The tracking-service calls artifact-service makes: where a run's, model's or version's files live. */
@Path("/api/2.0/mlflow")
@Produces(MediaType.APPLICATION_JSON)
public interface TrackingApi {

  @GET
  @Path("/runs/get")
  Response getRun(@QueryParam("run_id") String runId,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);

  @GET
  @Path("/logged-models/{model_id}")
  Response getLoggedModel(@PathParam("model_id") String modelId,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);

  @GET
  @Path("/model-versions/get-download-uri")
  Response getModelVersionDownloadUri(@QueryParam("name") String name,
      @QueryParam("version") String version,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);
}
