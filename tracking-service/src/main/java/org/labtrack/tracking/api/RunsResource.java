package org.labtrack.tracking.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static org.labtrack.tracking.api.Api.required;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.Map;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.common.internal.Internal;
import org.labtrack.tracking.api.dto.RunMessages.CreateRunRequest;
import org.labtrack.tracking.api.dto.RunMessages.KeyValueRequest;
import org.labtrack.tracking.api.dto.RunMessages.LogBatchRequest;
import org.labtrack.tracking.api.dto.RunMessages.LogInputsRequest;
import org.labtrack.tracking.api.dto.RunMessages.LogMetricRequest;
import org.labtrack.tracking.api.dto.RunMessages.LogModelRequest;
import org.labtrack.tracking.api.dto.RunMessages.RunIdRequest;
import org.labtrack.tracking.api.dto.RunMessages.RunResponse;
import org.labtrack.tracking.api.dto.RunMessages.SearchRunsRequest;
import org.labtrack.tracking.api.dto.RunMessages.UpdateRunRequest;
import org.labtrack.tracking.api.dto.RunMessages.UpdateRunResponse;
import org.labtrack.tracking.domain.RunService;
import org.labtrack.tracking.domain.model.MetricInput;

@Path(Api.PREFIX + "/runs")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class RunsResource {
  private final RunService runs;

  RunsResource(RunService runs) {
    this.runs = runs;
  }

  /**
   * Creates a run. A request without {@code user_id} is attributed to the user the gateway
   * authenticated (MLflow would store an empty user).
   */
  @POST
  @Path("/create")
  public RunResponse createRun(CreateRunRequest req,
      @RestHeader(Internal.USER_HEADER) String authenticatedUser) {
    CreateRunRequest r = req != null ? req : new CreateRunRequest(null, null, null, null, null);
    String user = r.userId() != null && !r.userId().isEmpty() ? r.userId() : authenticatedUser;
    return new RunResponse(
        runs.create(r.experimentId(), user, r.startTime(), r.tags(), r.runName()));
  }

  /** {@code {"run": ...}} around the run's JSON as {@link RunService} keeps it. */
  @GET
  @Path("/get")
  public byte[] getRun(@RestQuery("run_id") String runId,
      @RestQuery("run_uuid") String runUuid) {
    return RunAnswers.run(runs.get(runId(runId, runUuid)));
  }

  @POST
  @Path("/search")
  public byte[] searchRuns(SearchRunsRequest req) {
    SearchRunsRequest r = req != null ? req
        : new SearchRunsRequest(null, null, null, null, null, null);
    RunService.Page page = runs.search(r.experimentIds(), r.filter(), r.runViewType(),
        r.maxResults(), r.orderBy(), r.pageToken());
    return RunAnswers.page(page.runs(), page.nextPageToken());
  }

  @POST
  @Path("/update")
  public UpdateRunResponse updateRun(UpdateRunRequest req) {
    required(req, "run_id");
    return new UpdateRunResponse(runs.update(required(req.id(), "run_id"), req.status(),
        req.endTime(), req.runName()));
  }

  @POST
  @Path("/delete")
  public Map<String, Object> deleteRun(RunIdRequest req) {
    required(req, "run_id");
    runs.delete(required(req.id(), "run_id"));
    return Api.EMPTY;
  }

  @POST
  @Path("/restore")
  public Map<String, Object> restoreRun(RunIdRequest req) {
    required(req, "run_id");
    runs.restore(required(req.id(), "run_id"));
    return Api.EMPTY;
  }

  @POST
  @Path("/log-metric")
  public Map<String, Object> logMetric(LogMetricRequest req) {
    required(req, "run_id");
    runs.logMetric(required(req.id(), "run_id"), new MetricInput(required(req.key(), "key"),
        required(req.value(), "value"), required(req.timestamp(), "timestamp"), req.step(),
        req.modelId(), req.datasetName(), req.datasetDigest()));
    return Api.EMPTY;
  }

  @POST
  @Path("/log-parameter")
  public Map<String, Object> logParam(KeyValueRequest req) {
    required(req, "run_id");
    runs.logParam(required(req.id(), "run_id"), required(req.key(), "key"), req.value());
    return Api.EMPTY;
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setTag(KeyValueRequest req) {
    required(req, "run_id");
    runs.setTag(required(req.id(), "run_id"), required(req.key(), "key"), req.value());
    return Api.EMPTY;
  }

  @POST
  @Path("/delete-tag")
  public Map<String, Object> deleteTag(KeyValueRequest req) {
    required(req, "run_id");
    runs.deleteTag(required(req.id(), "run_id"), required(req.key(), "key"));
    return Api.EMPTY;
  }

  @POST
  @Path("/log-batch")
  public Map<String, Object> logBatch(LogBatchRequest req) {
    required(req, "run_id");
    runs.logBatch(required(req.id(), "run_id"), req.metrics(), req.params(), req.tags());
    return Api.EMPTY;
  }

  @POST
  @Path("/log-inputs")
  public Map<String, Object> logInputs(LogInputsRequest req) {
    required(req, "run_id");
    runs.logInputs(required(req.id(), "run_id"), req.datasets(), req.models());
    return Api.EMPTY;
  }

  @POST
  @Path("/log-model")
  public Map<String, Object> logModel(LogModelRequest req) {
    required(req, "run_id");
    runs.logModel(required(req.id(), "run_id"), required(req.modelJson(), "model_json"));
    return Api.EMPTY;
  }

  static String runId(String runId, String runUuid) {
    return required(runId != null && !runId.isEmpty() ? runId : runUuid, "run_id");
  }
}
