package org.labtrack.artifacts.store;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.labtrack.common.internal.Internal;

/**
 * The tracking-service calls artifact-service makes: where a run's, model's or version's files
 * live, and the metadata half of a purge.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface TrackingApi {
  String MLFLOW = "/api/2.0/mlflow";
  String PURGE = "/internal/v1/purge";

  @GET
  @Path(MLFLOW + "/runs/get")
  Response getRun(@QueryParam("run_id") String runId,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);

  @GET
  @Path(MLFLOW + "/logged-models/{model_id}")
  Response getLoggedModel(@PathParam("model_id") String modelId,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);

  @GET
  @Path(MLFLOW + "/model-versions/get-download-uri")
  Response getModelVersionDownloadUri(@QueryParam("name") String name,
      @QueryParam("version") String version,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);

  @POST
  @Path(PURGE)
  @Consumes(MediaType.APPLICATION_JSON)
  Response purge(TrackingClient.PurgeRequest request,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);

  @GET
  @Path(PURGE + "/artifacts")
  Response pendingArtifacts(@QueryParam("after") long after, @QueryParam("limit") int limit,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);

  @POST
  @Path(PURGE + "/artifacts/removed")
  @Consumes(MediaType.APPLICATION_JSON)
  Response artifactsRemoved(TrackingClient.RemovedArtifacts removed,
      @HeaderParam(Internal.TOKEN_HEADER) String internalToken);
}
