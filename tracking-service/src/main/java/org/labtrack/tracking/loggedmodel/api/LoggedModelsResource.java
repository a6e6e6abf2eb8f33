package org.labtrack.tracking.loggedmodel.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static org.labtrack.tracking.api.Api.required;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.CreateLoggedModelRequest;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.FinalizeLoggedModelRequest;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.LoggedModelResponse;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.ParamsRequest;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.SearchLoggedModelsRequest;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.SearchLoggedModelsResponse;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.TagsRequest;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.DatasetFilter;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.OrderBy;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelService;
import org.labtrack.tracking.api.Api;

/**
 * MLflow 3's {@code logged-models} RPCs. Listing a model's files
 * ({@code GET /logged-models/{id}/artifacts/directories}) is artifact-service's, not this one's.
 * A model id in the body, where MLflow's client repeats it, is not needed: the path names it.
 */
@Path(Api.PREFIX + "/logged-models")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class LoggedModelsResource {
  private static final Map<String, Object> EMPTY = Map.of();

  private final LoggedModelService models;

  LoggedModelsResource(LoggedModelService models) {
    this.models = models;
  }

  @POST
  public LoggedModelResponse createLoggedModel(CreateLoggedModelRequest req) {
    required(req, "experiment_id");
    return new LoggedModelResponse(models.create(required(req.experimentId(), "experiment_id"),
        req.name(), req.modelType(), req.sourceRunId(), req.params(), req.tags()));
  }

  @GET
  @Path("/{model_id}")
  public LoggedModelResponse getLoggedModel(@RestPath("model_id") String modelId) {
    return new LoggedModelResponse(models.get(modelId));
  }

  @PATCH
  @Path("/{model_id}")
  public LoggedModelResponse finalizeLoggedModel(@RestPath("model_id") String modelId,
      FinalizeLoggedModelRequest req) {
    required(req, "status");
    return new LoggedModelResponse(models.finalizeModel(modelId, required(req.status(), "status")));
  }

  @DELETE
  @Path("/{model_id}")
  public Map<String, Object> deleteLoggedModel(@RestPath("model_id") String modelId) {
    models.delete(modelId);
    return EMPTY;
  }

  @POST
  @Path("/search")
  public SearchLoggedModelsResponse searchLoggedModels(SearchLoggedModelsRequest req) {
    required(req, "experiment_ids");
    List<DatasetFilter> datasets = req.datasets() == null ? List.of() : req.datasets().stream()
        .map(d -> new DatasetFilter(d.datasetName(), emptyToNull(d.datasetDigest()))).toList();
    List<OrderBy> orderBy = req.orderBy() == null ? List.of() : req.orderBy().stream()
        .map(o -> new OrderBy(o.fieldName(), o.ascending() == null || o.ascending(),
            emptyToNull(o.datasetName()), emptyToNull(o.datasetDigest()))).toList();
    LoggedModelService.Page page = models.search(req.experimentIds(), req.filter(), datasets,
        req.maxResults(), orderBy, req.pageToken());
    return new SearchLoggedModelsResponse(page.models(), page.nextPageToken());
  }

  @PATCH
  @Path("/{model_id}/tags")
  public Map<String, Object> setLoggedModelTags(@RestPath("model_id") String modelId,
      TagsRequest req) {
    models.setTags(modelId, req == null ? List.of() : req.tags());
    return EMPTY;
  }

  @DELETE
  @Path("/{model_id}/tags/{tag_key}")
  public Map<String, Object> deleteLoggedModelTag(@RestPath("model_id") String modelId,
      @RestPath("tag_key") String tagKey) {
    models.deleteTag(modelId, tagKey);
    return EMPTY;
  }

  @POST
  @Path("/{model_id}/params")
  public Map<String, Object> logLoggedModelParams(@RestPath("model_id") String modelId,
      ParamsRequest req) {
    models.logParams(modelId, req == null ? List.of() : req.params());
    return EMPTY;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
