package org.labtrack.tracking.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static org.labtrack.tracking.api.Api.required;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.tracking.api.dto.ExperimentMessages.CreateExperimentRequest;
import org.labtrack.tracking.api.dto.ExperimentMessages.CreateExperimentResponse;
import org.labtrack.tracking.api.dto.ExperimentMessages.DeleteExperimentTagRequest;
import org.labtrack.tracking.api.dto.ExperimentMessages.ExperimentIdRequest;
import org.labtrack.tracking.api.dto.ExperimentMessages.GetExperimentResponse;
import org.labtrack.tracking.api.dto.ExperimentMessages.SearchDatasetsRequest;
import org.labtrack.tracking.api.dto.ExperimentMessages.SearchDatasetsResponse;
import org.labtrack.tracking.api.dto.ExperimentMessages.SearchExperimentsRequest;
import org.labtrack.tracking.api.dto.ExperimentMessages.SearchExperimentsResponse;
import org.labtrack.tracking.api.dto.ExperimentMessages.SetExperimentTagRequest;
import org.labtrack.tracking.api.dto.ExperimentMessages.UpdateExperimentRequest;
import org.labtrack.tracking.domain.ExperimentService;

@Path(Api.PREFIX + "/experiments")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class ExperimentsResource {
  private final ExperimentService experiments;

  ExperimentsResource(ExperimentService experiments) {
    this.experiments = experiments;
  }

  @POST
  @Path("/create")
  public CreateExperimentResponse createExperiment(CreateExperimentRequest req) {
    required(req, "name");
    return new CreateExperimentResponse(
        experiments.create(required(req.name(), "name"), req.artifactLocation(), req.tags()));
  }

  @GET
  @Path("/get")
  public GetExperimentResponse getExperiment(@RestQuery("experiment_id") String experimentId) {
    return new GetExperimentResponse(experiments.get(required(experimentId, "experiment_id")));
  }

  @GET
  @Path("/get-by-name")
  public GetExperimentResponse getExperimentByName(
      @RestQuery("experiment_name") String experimentName) {
    return new GetExperimentResponse(
        experiments.getByName(required(experimentName, "experiment_name")));
  }

  @POST
  @Path("/search")
  public SearchExperimentsResponse searchExperiments(SearchExperimentsRequest req) {
    SearchExperimentsRequest r = req != null ? req
        : new SearchExperimentsRequest(null, null, null, null, null);
    return toResponse(experiments.search(r.filter(), r.viewType(),
        r.maxResults() == null ? 0 : r.maxResults(), r.orderBy(), r.pageToken()));
  }

  @GET
  @Path("/search")
  public SearchExperimentsResponse searchExperiments(@RestQuery("max_results") Long maxResults,
      @RestQuery("page_token") String pageToken, @RestQuery String filter,
      @RestQuery("order_by") List<String> orderBy, @RestQuery("view_type") String viewType) {
    return toResponse(experiments.search(filter, viewType, maxResults == null ? 0 : maxResults,
        orderBy, pageToken));
  }

  private static SearchExperimentsResponse toResponse(ExperimentService.Page page) {
    return new SearchExperimentsResponse(page.experiments(), page.nextPageToken());
  }

  @POST
  @Path("/search-datasets")
  public SearchDatasetsResponse searchDatasets(SearchDatasetsRequest req) {
    return new SearchDatasetsResponse(
        experiments.searchDatasets(req == null ? null : req.experimentIds()));
  }

  @POST
  @Path("/update")
  public Map<String, Object> updateExperiment(UpdateExperimentRequest req) {
    required(req, "experiment_id");
    experiments.rename(required(req.experimentId(), "experiment_id"),
        required(req.newName(), "new_name"));
    return Api.EMPTY;
  }

  @POST
  @Path("/delete")
  public Map<String, Object> deleteExperiment(ExperimentIdRequest req) {
    required(req, "experiment_id");
    experiments.delete(required(req.experimentId(), "experiment_id"));
    return Api.EMPTY;
  }

  @POST
  @Path("/restore")
  public Map<String, Object> restoreExperiment(ExperimentIdRequest req) {
    required(req, "experiment_id");
    experiments.restore(required(req.experimentId(), "experiment_id"));
    return Api.EMPTY;
  }

  @POST
  @Path("/set-experiment-tag")
  public Map<String, Object> setExperimentTag(SetExperimentTagRequest req) {
    required(req, "experiment_id");
    experiments.setTag(required(req.experimentId(), "experiment_id"), required(req.key(), "key"),
        req.value() == null ? "" : req.value());
    return Api.EMPTY;
  }

  @POST
  @Path("/delete-experiment-tag")
  public Map<String, Object> deleteExperimentTag(DeleteExperimentTagRequest req) {
    required(req, "experiment_id");
    experiments.deleteTag(required(req.experimentId(), "experiment_id"),
        required(req.key(), "key"));
    return Api.EMPTY;
  }
}
