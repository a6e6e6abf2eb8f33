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
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.AliasRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.CreateRegisteredModelRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.GetLatestVersionsRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.ModelTagRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.ModelVersionResponse;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.ModelVersionsResponse;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.NameRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.RegisteredModelResponse;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.RenameRegisteredModelRequest;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.SearchRegisteredModelsResponse;
import org.labtrack.tracking.registry.api.dto.RegistryMessages.UpdateRegisteredModelRequest;
import org.labtrack.tracking.registry.domain.RegisteredModel;
import org.labtrack.tracking.registry.domain.RegistryService;

/** MLflow's {@code registered-models/*} RPCs. DELETEs carry JSON bodies, as MLflow's client sends. */
@Path(Api.PREFIX + "/registered-models")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class RegisteredModelsResource {
  private static final Map<String, Object> EMPTY = Map.of();

  private final RegistryService registry;

  RegisteredModelsResource(RegistryService registry) {
    this.registry = registry;
  }

  @POST
  @Path("/create")
  public RegisteredModelResponse createRegisteredModel(CreateRegisteredModelRequest req) {
    required(req, "name");
    return new RegisteredModelResponse(registry.createRegisteredModel(required(req.name(), "name"),
        req.tags(), req.description()));
  }

  @GET
  @Path("/get")
  public RegisteredModelResponse getRegisteredModel(@RestQuery String name) {
    return new RegisteredModelResponse(registry.getRegisteredModel(required(name, "name")));
  }

  @POST
  @Path("/rename")
  public RegisteredModelResponse renameRegisteredModel(RenameRegisteredModelRequest req) {
    required(req, "name");
    return new RegisteredModelResponse(registry.renameRegisteredModel(
        required(req.name(), "name"), required(req.newName(), "new_name")));
  }

  @PATCH
  @Path("/update")
  public RegisteredModelResponse updateRegisteredModel(UpdateRegisteredModelRequest req) {
    required(req, "name");
    return new RegisteredModelResponse(registry.updateRegisteredModel(
        required(req.name(), "name"), req.description()));
  }

  @DELETE
  @Path("/delete")
  public Map<String, Object> deleteRegisteredModel(NameRequest req) {
    required(req, "name");
    registry.deleteRegisteredModel(required(req.name(), "name"));
    return EMPTY;
  }

  @GET
  @Path("/search")
  public SearchRegisteredModelsResponse searchRegisteredModels(@RestQuery String filter,
      @RestQuery("max_results") String maxResults, @RestQuery("order_by") List<String> orderBy,
      @RestQuery("page_token") String pageToken) {
    RegistryService.Page<RegisteredModel> page = registry.searchRegisteredModels(filter,
        Api.maxResults(maxResults, RegistryService.SEARCH_MODELS_MAX), orderBy, pageToken);
    return new SearchRegisteredModelsResponse(page.items(), page.nextPageToken());
  }

  @POST
  @Path("/get-latest-versions")
  public ModelVersionsResponse getLatestVersions(GetLatestVersionsRequest req) {
    required(req, "name");
    return new ModelVersionsResponse(registry.getLatestVersions(required(req.name(), "name"),
        req.stages()));
  }

  @GET
  @Path("/get-latest-versions")
  public ModelVersionsResponse getLatestVersions(@RestQuery String name,
      @RestQuery List<String> stages) {
    return new ModelVersionsResponse(registry.getLatestVersions(required(name, "name"), stages));
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setRegisteredModelTag(ModelTagRequest req) {
    required(req, "name");
    registry.setRegisteredModelTag(required(req.name(), "name"), required(req.key(), "key"),
        req.value());
    return EMPTY;
  }

  @DELETE
  @Path("/delete-tag")
  public Map<String, Object> deleteRegisteredModelTag(ModelTagRequest req) {
    required(req, "name");
    registry.deleteRegisteredModelTag(required(req.name(), "name"), required(req.key(), "key"));
    return EMPTY;
  }

  @POST
  @Path("/alias")
  public Map<String, Object> setRegisteredModelAlias(AliasRequest req) {
    required(req, "name");
    registry.setAlias(required(req.name(), "name"), required(req.alias(), "alias"),
        required(req.version(), "version"));
    return EMPTY;
  }

  @DELETE
  @Path("/alias")
  public Map<String, Object> deleteRegisteredModelAlias(AliasRequest req) {
    required(req, "name");
    registry.deleteAlias(required(req.name(), "name"), required(req.alias(), "alias"));
    return EMPTY;
  }

  @GET
  @Path("/alias")
  public ModelVersionResponse getModelVersionByAlias(@RestQuery String name,
      @RestQuery String alias) {
    return new ModelVersionResponse(registry.getByAlias(required(name, "name"),
        required(alias, "alias")));
  }
}
