package org.labtrack.artifacts.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static jakarta.ws.rs.core.MediaType.WILDCARD;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.labtrack.artifacts.api.dto.FileInfo;
import org.labtrack.artifacts.api.dto.RunArtifactsResponse;
import org.labtrack.artifacts.domain.ArtifactPath;
import org.labtrack.artifacts.domain.ArtifactService;
import org.labtrack.artifacts.domain.ScopedArtifactService;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * Artifact routes addressed through a run, a LoggedModel or a model version: the tracking API's
 * {@code ListArtifacts} and {@code ListLoggedModelArtifacts}, and the web UI's downloads and
 * upload (MLflow's Flask routes, {@code mlflow/server/__init__.py}). MLflow serves the downloads
 * at the root; the gateway also routes their {@code /api/2.0/mlflow/} and
 * {@code /ajax-api/2.0/mlflow/} spellings here, and both are answered alike.
 */
@Path("/")
public class ScopedArtifactsResource {
  private static final String PREFIX = "{prefix: api|ajax-api}/2.0/mlflow/";

  private final ScopedArtifactService scoped;
  private final ArtifactService artifacts;

  ScopedArtifactsResource(ScopedArtifactService scoped, ArtifactService artifacts) {
    this.scoped = scoped;
    this.artifacts = artifacts;
  }

  /** MLflow lists the whole directory in one page; {@code page_token} is accepted and ignored. */
  @GET
  @Path(PREFIX + "artifacts/list")
  @Produces(APPLICATION_JSON)
  public RunArtifactsResponse listArtifacts(@QueryParam("run_id") String runId,
      @QueryParam("run_uuid") String runUuid, @QueryParam("path") String path,
      @QueryParam("page_token") String pageToken) {
    return toResponse(scoped.listRun(firstNonBlank(runId, runUuid), ArtifactPath.parse(path)));
  }

  /** MLflow 3's ListLoggedModelArtifacts: one page, paths relative to the model's root. */
  @GET
  @Path(PREFIX + "logged-models/{model_id}/artifacts/directories")
  @Produces(APPLICATION_JSON)
  public RunArtifactsResponse listLoggedModelArtifacts(@PathParam("model_id") String modelId,
      @QueryParam("artifact_directory_path") String path, @QueryParam("page_token") String pageToken) {
    return toResponse(scoped.listModel(modelId, ArtifactPath.parse(path)));
  }

  @GET
  @Path(PREFIX + "logged-models/{model_id}/artifacts/files")
  @Produces(WILDCARD)
  public Response getLoggedModelArtifact(@PathParam("model_id") String modelId,
      @QueryParam("artifact_file_path") String path, @HeaderParam("Range") String range) {
    if (path == null || path.isEmpty()) {
      throw new MlflowException(ErrorCode.BAD_REQUEST,
          "Request must include the \"artifact_file_path\" query parameter.");
    }
    ArtifactPath relative = ArtifactPath.parse(path);
    return Downloads.toResponse(artifacts.download(scoped.locateInModel(modelId, relative), range));
  }

  @GET
  @Path("get-artifact")
  @Produces(WILDCARD)
  public Response getArtifact(@QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid,
      @QueryParam("path") String path, @HeaderParam("Range") String range) {
    ArtifactPath relative = ArtifactPath.parse(requirePath(path));
    return Downloads.toResponse(artifacts.download(
        scoped.locateInRun(firstNonBlank(runId, runUuid), relative), range));
  }

  @GET
  @Path(PREFIX + "get-artifact")
  @Produces(WILDCARD)
  public Response getArtifactPrefixed(@QueryParam("run_id") String runId,
      @QueryParam("run_uuid") String runUuid, @QueryParam("path") String path,
      @HeaderParam("Range") String range) {
    return getArtifact(runId, runUuid, path, range);
  }

  /** The UI's model-version file view ({@code path=MLmodel&name=&version=}). */
  @GET
  @Path("model-versions/get-artifact")
  @Produces(WILDCARD)
  public Response getModelVersionArtifact(@QueryParam("name") String name,
      @QueryParam("version") String version, @QueryParam("path") String path,
      @HeaderParam("Range") String range) {
    ArtifactPath relative = ArtifactPath.parse(requirePath(path));
    return Downloads.toResponse(artifacts.download(
        scoped.locateInModelVersion(name, version, relative), range));
  }

  @GET
  @Path(PREFIX + "model-versions/get-artifact")
  @Produces(WILDCARD)
  public Response getModelVersionArtifactPrefixed(@QueryParam("name") String name,
      @QueryParam("version") String version, @QueryParam("path") String path,
      @HeaderParam("Range") String range) {
    return getModelVersionArtifact(name, version, path, range);
  }

  /**
   * The UI's upload of a small file (at most 10 MB) into a run, raw body, {@code run_uuid} and
   * {@code path} in the query, as MLflow's {@code upload_artifact_handler}. MLflow answers with an
   * empty body; this answers {@code {}} like every other MLflow write.
   */
  @POST
  @Path(PREFIX + "upload-artifact")
  @Consumes(WILDCARD)
  @Produces(APPLICATION_JSON)
  public Map<String, Object> uploadArtifact(@QueryParam("run_uuid") String runUuid,
      @QueryParam("path") String path, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      InputStream body) {
    scoped.uploadToRun(runUuid, ArtifactPath.parse(path), ClientBody.of(body),
        contentLength == null ? -1 : contentLength);
    return Map.of();
  }

  private static RunArtifactsResponse toResponse(ScopedArtifactService.Listing listing) {
    List<FileInfo> files = listing.entries().stream()
        .map(e -> new FileInfo(e.path(), e.entry().directory(), e.entry().size()))
        .toList();
    return new RunArtifactsResponse(listing.rootUri(), files, null);
  }

  private static String requirePath(String path) {
    if (path == null) {
      throw MlflowException.missingParameter("path");
    }
    return path;
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
