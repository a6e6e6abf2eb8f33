package org.labtrack.tracking.registry.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static org.labtrack.tracking.api.Api.required;

import org.labtrack.tracking.api.Api;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.common.internal.Internal;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.CreateModelVersionRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.DownloadUriResponse;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.ModelVersionResponse;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.SearchModelVersionsResponse;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.TransitionStageRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.UpdateModelVersionRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.VersionRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.VersionTagRequest;
import org.labtrack.tracking.registry.domain.ModelVersion;
import org.labtrack.tracking.registry.domain.RegistryService;

/** MLflow's {@code model-versions/*} RPCs. */
@Path(Api.PREFIX + "/model-versions")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class ModelVersionsResource {
  private static final Map<String, Object> EMPTY = Map.of();

  private final RegistryService registry;

  ModelVersionsResource(RegistryService registry) {
    this.registry = registry;
  }

  /** Registers a version; it is attributed to the user the gateway authenticated. */
  @POST
  @Path("/create")
  public ModelVersionResponse createModelVersion(CreateModelVersionRequest req,
      @RestHeader(Internal.USER_HEADER) String user) {
    required(req, "name");
    return new ModelVersionResponse(registry.createModelVersion(new RegistryService.NewVersion(
        required(req.name(), "name"), required(req.source(), "source"), req.runId(), req.tags(),
        req.runLink(), req.description(), req.modelId(), user)));
  }

  @GET
  @Path("/get")
  public ModelVersionResponse getModelVersion(@RestQuery String name,
      @RestQuery String version) {
    return new ModelVersionResponse(registry.getModelVersion(required(name, "name"),
        required(version, "version")));
  }

  @PATCH
  @Path("/update")
  public ModelVersionResponse updateModelVersion(UpdateModelVersionRequest req) {
    required(req, "name");
    return new ModelVersionResponse(registry.updateModelVersion(required(req.name(), "name"),
        required(req.version(), "version"), req.description()));
  }

  @DELETE
  @Path("/delete")
  public Map<String, Object> deleteModelVersion(VersionRequest req) {
    required(req, "name");
    registry.deleteModelVersion(required(req.name(), "name"), required(req.version(), "version"));
    return EMPTY;
  }

  @GET
  @Path("/search")
  public SearchModelVersionsResponse searchModelVersions(@RestQuery String filter,
      @RestQuery("max_results") String maxResults, @RestQuery("order_by") List<String> orderBy,
      @RestQuery("page_token") String pageToken) {
    RegistryService.Page<ModelVersion> page = registry.searchModelVersions(filter,
        Api.maxResults(maxResults, RegistryService.SEARCH_VERSIONS_MAX), orderBy, pageToken);
    return new SearchModelVersionsResponse(page.items(), page.nextPageToken());
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setModelVersionTag(VersionTagRequest req) {
    required(req, "name");
    registry.setModelVersionTag(required(req.name(), "name"), required(req.version(), "version"),
        required(req.key(), "key"), req.value());
    return EMPTY;
  }

  @DELETE
  @Path("/delete-tag")
  public Map<String, Object> deleteModelVersionTag(VersionTagRequest req) {
    required(req, "name");
    registry.deleteModelVersionTag(required(req.name(), "name"),
        required(req.version(), "version"), required(req.key(), "key"));
    return EMPTY;
  }

  @POST
  @Path("/transition-stage")
  public ModelVersionResponse transitionModelVersionStage(TransitionStageRequest req) {
    required(req, "name");
    return new ModelVersionResponse(registry.transitionStage(required(req.name(), "name"),
        required(req.version(), "version"), required(req.stage(), "stage"),
        Boolean.TRUE.equals(req.archiveExistingVersions())));
  }

  @GET
  @Path("/get-download-uri")
  public DownloadUriResponse getModelVersionDownloadUri(@RestQuery String name,
      @RestQuery String version) {
    return new DownloadUriResponse(registry.getDownloadUri(required(name, "name"),
        required(version, "version")));
  }
}
