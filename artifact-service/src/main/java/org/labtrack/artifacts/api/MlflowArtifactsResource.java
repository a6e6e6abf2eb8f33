package org.labtrack.artifacts.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static jakarta.ws.rs.core.MediaType.WILDCARD;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.labtrack.artifacts.api.dto.AbortMultipartUploadRequest;
import org.labtrack.artifacts.api.dto.CompleteMultipartUploadRequest;
import org.labtrack.artifacts.api.dto.CreateMultipartUploadRequest;
import org.labtrack.artifacts.api.dto.CreateMultipartUploadResponse;
import org.labtrack.artifacts.api.dto.FileInfo;
import org.labtrack.artifacts.api.dto.ListArtifactsResponse;
import org.labtrack.artifacts.api.dto.MultipartUploadCredential;
import org.labtrack.artifacts.domain.ArtifactPath;
import org.labtrack.artifacts.domain.ArtifactService;
import org.labtrack.artifacts.domain.MultipartService;
import org.labtrack.artifacts.store.ArtifactStore.CompletedPart;
import org.labtrack.common.error.MlflowException;

/**
 * MLflow's proxied artifact API ({@code mlflow_artifacts.proto}), under {@code /api/2.0} and
 * {@code /ajax-api/2.0}. Artifact paths are read from the raw URL (see {@link RequestPaths}).
 */
@Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts")
public class MlflowArtifactsResource {
  private final ArtifactService artifacts;
  private final MultipartService multipart;
  private final RequestPaths paths;

  MlflowArtifactsResource(ArtifactService artifacts, MultipartService multipart, RequestPaths paths) {
    this.artifacts = artifacts;
    this.multipart = multipart;
    this.paths = paths;
  }

  @PUT
  @Path("/artifacts/{path: .+}")
  @Consumes(WILDCARD)
  @Produces(APPLICATION_JSON)
  public Map<String, Object> uploadArtifact(@Context HttpServerRequest request,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body) {
    artifacts.upload(paths.after(request, "artifacts/"), ClientBody.of(body),
        contentLength == null ? -1 : contentLength);
    return Map.of();
  }

  @GET
  @Path("/artifacts/{path: .+}")
  @Produces(WILDCARD)
  public Response downloadArtifact(@Context HttpServerRequest request, @HeaderParam("Range") String range) {
    return Downloads.toResponse(artifacts.download(paths.after(request, "artifacts/"), range));
  }

  /** Explicit, because JAX-RS would run the GET method and leave the opened stream unread. */
  @HEAD
  @Path("/artifacts/{path: .+}")
  @Produces(WILDCARD)
  public Response headArtifact(@Context HttpServerRequest request, @HeaderParam("Range") String range) {
    return Downloads.toResponse(artifacts.describe(paths.after(request, "artifacts/"), range));
  }

  @GET
  @Path("/artifacts")
  @Produces(APPLICATION_JSON)
  public ListArtifactsResponse listArtifacts(@QueryParam("path") String path) {
    List<FileInfo> files = artifacts.list(ArtifactPath.parse(path)).stream()
        .map(e -> new FileInfo(e.name(), e.directory(), e.size()))
        .toList();
    return new ListArtifactsResponse(files);
  }

  @DELETE
  @Path("/artifacts/{path: .+}")
  @Produces(APPLICATION_JSON)
  public Map<String, Object> deleteArtifact(@Context HttpServerRequest request) {
    artifacts.delete(paths.after(request, "artifacts/"));
    return Map.of();
  }

  @POST
  @Path("/mpu/create{path: (/.*)?}")
  @Consumes(APPLICATION_JSON)
  @Produces(APPLICATION_JSON)
  public CreateMultipartUploadResponse createMultipartUpload(@Context HttpServerRequest request,
      CreateMultipartUploadRequest body) {
    CreateMultipartUploadRequest req = body == null ? new CreateMultipartUploadRequest(null, null) : body;
    MultipartService.CreatedUpload created = multipart.create(paths.after(request, "mpu/create"),
        req.path(), req.numParts(), paths.publicBaseUrl(request));
    return new CreateMultipartUploadResponse(created.uploadId(), created.credentials().stream()
        .map(c -> new MultipartUploadCredential(c.url(), c.partNumber(), c.headers()))
        .toList());
  }

  @PUT
  @Path("/mpu/part/{path: .+}")
  @Consumes(WILDCARD)
  public Response uploadPart(@Context HttpServerRequest request,
      @QueryParam("upload_id") String uploadId, @QueryParam("part_number") String partNumber,
      @QueryParam("expires") Long expires, @QueryParam("signature") String signature,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body) {
    String etag = multipart.uploadPart(paths.after(request, "mpu/part/"), uploadId, partNumber,
        expires, signature, ClientBody.of(body), contentLength == null ? -1 : contentLength);
    return Response.ok().header(HttpHeaders.ETAG, etag).build();
  }

  @POST
  @Path("/mpu/complete{path: (/.*)?}")
  @Consumes(APPLICATION_JSON)
  @Produces(APPLICATION_JSON)
  public Map<String, Object> completeMultipartUpload(@Context HttpServerRequest request,
      CompleteMultipartUploadRequest body) {
    if (body == null) {
      throw MlflowException.missingParameter("path");
    }
    List<CompletedPart> parts = body.parts() == null ? List.of() : body.parts().stream()
        .map(p -> {
          if (p == null || p.partNumber() == null || p.partNumber() < 1 || p.partNumber() > 10_000
              || p.etag() == null) {
            throw MlflowException.invalidParameter(
                "Invalid value for parameter 'parts' supplied: each part needs part_number and etag.");
          }
          return new CompletedPart(p.partNumber().intValue(), p.etag());
        })
        .toList();
    multipart.complete(paths.after(request, "mpu/complete"), body.path(), body.uploadId(), parts);
    return Map.of();
  }

  @POST
  @Path("/mpu/abort{path: (/.*)?}")
  @Consumes(APPLICATION_JSON)
  @Produces(APPLICATION_JSON)
  public Map<String, Object> abortMultipartUpload(@Context HttpServerRequest request,
      AbortMultipartUploadRequest body) {
    if (body == null) {
      throw MlflowException.missingParameter("path");
    }
    multipart.abort(paths.after(request, "mpu/abort"), body.path(), body.uploadId());
    return Map.of();
  }
}
