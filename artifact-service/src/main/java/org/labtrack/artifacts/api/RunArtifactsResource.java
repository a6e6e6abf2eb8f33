package org.labtrack.artifacts.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static jakarta.ws.rs.core.MediaType.WILDCARD;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.labtrack.artifacts.api.dto.FileInfo;
import org.labtrack.artifacts.api.dto.RunArtifactsResponse;
import org.labtrack.artifacts.domain.ArtifactPath;
import org.labtrack.artifacts.domain.ArtifactService;
import org.labtrack.artifacts.domain.RunArtifactService;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * Run-scoped artifact routes: {@code ListArtifacts} of the tracking API and the UI's
 * {@code /get-artifact} (which MLflow serves only at the root, not under {@code /ajax-api}).
 */
@Path("/")
public class RunArtifactsResource {
  private final RunArtifactService runs;
  private final ArtifactService artifacts;

  RunArtifactsResource(RunArtifactService runs, ArtifactService artifacts) {
    this.runs = runs;
    this.artifacts = artifacts;
  }

  /** MLflow lists the whole directory in one page; {@code page_token} is accepted and ignored. */
  @GET
  @Path("{prefix: api|ajax-api}/2.0/mlflow/artifacts/list")
  @Produces(APPLICATION_JSON)
  public RunArtifactsResponse listArtifacts(@QueryParam("run_id") String runId,
      @QueryParam("run_uuid") String runUuid, @QueryParam("path") String path,
      @QueryParam("page_token") String pageToken) {
    RunArtifactService.RunListing listing = runs.list(firstNonBlank(runId, runUuid), ArtifactPath.parse(path));
    List<FileInfo> files = listing.entries().stream()
        .map(e -> new FileInfo(e.path(), e.entry().directory(), e.entry().size()))
        .toList();
    return new RunArtifactsResponse(listing.rootUri(), files, null);
  }

  @GET
  @Path("get-artifact")
  @Produces(WILDCARD)
  public Response getArtifact(@QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid,
      @QueryParam("path") String path, @HeaderParam("Range") String range) {
    if (path == null) {
      throw MlflowException.missingParameter("path");
    }
    ArtifactPath relative = ArtifactPath.parse(path);
    return Downloads.toResponse(artifacts.download(runs.locate(firstNonBlank(runId, runUuid), relative), range));
  }

  @GET
  @Path("model-versions/get-artifact")
  @Produces(APPLICATION_JSON)
  public Response getModelVersionArtifact() {
    throw new MlflowException(ErrorCode.NOT_IMPLEMENTED,
        "model-versions/get-artifact is not served by LabTrack's artifact service.");
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
