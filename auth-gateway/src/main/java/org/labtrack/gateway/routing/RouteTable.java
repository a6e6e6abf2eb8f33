package org.labtrack.gateway.routing;

import static org.labtrack.gateway.routing.Access.ADMIN;
import static org.labtrack.gateway.routing.Access.EDITOR;
import static org.labtrack.gateway.routing.Access.PUBLIC;
import static org.labtrack.gateway.routing.Access.READER;
import static org.labtrack.gateway.routing.Upstream.ARTIFACTS;
import static org.labtrack.gateway.routing.Upstream.GATEWAY;
import static org.labtrack.gateway.routing.Upstream.TRACKING;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's one source of truth: every path it serves, who answers it and who may call it.
 * A request whose method and path are not in this table is refused and never forwarded.
 *
 * <p>MLflow serves each RPC at {@code /api/<v>.0<path>} and {@code /ajax-api/<v>.0<path>}
 * ({@code handlers.py _get_paths}); {@link #rpc} adds both. The RPC list is MLflow 3.6's protos
 * ({@code service, model_registry, mlflow_artifacts, webhooks}), a superset of 2.17's, plus the
 * routes its Flask and FastAPI apps add by hand. Routes LabTrack does not implement yet still go
 * to their service, which answers MLflow's {@code ENDPOINT_NOT_FOUND} or {@code NOT_IMPLEMENTED}
 * itself: the 3.x client falls back on exactly those answers.
 *
 * <p>Access rules: every read is {@link Access#READER}, including POSTs that only read
 * (searches, {@code get-latest-versions}, trace correlation, GraphQL, whose "mutations" in
 * MLflow's schema are searches too). Writes are {@link Access#EDITOR}. {@link Access#ADMIN} guards
 * token administration, purges (they remove for good what editors can only delete softly) and
 * writes with server-side side effects beyond tracking data: webhooks (the server calls out to
 * arbitrary URLs), workspaces (tenancy) and job submission (runs server functions).
 */
public final class RouteTable {
  private static final String GET = "GET";
  private static final String POST = "POST";
  private static final String PUT = "PUT";
  private static final String PATCH = "PATCH";
  private static final String DELETE = "DELETE";

  private static final List<Route> ROUTES = build();
  private static final RouteTable INSTANCE = new RouteTable(ROUTES);

  private final List<Route> routes;
  private final Map<String, List<Route>> literalRoutes = new HashMap<>();
  private final List<Route> patternRoutes = new ArrayList<>();

  private RouteTable(List<Route> routes) {
    this.routes = routes;
    for (Route route : routes) {
      if (route.pattern().contains("{")) {
        patternRoutes.add(route);
      } else {
        literalRoutes.computeIfAbsent(route.pattern(), k -> new ArrayList<>()).add(route);
      }
    }
    patternRoutes.sort(Route::compareSpecificity);
  }

  public static RouteTable instance() {
    return INSTANCE;
  }

  /** Every route, in table order. */
  public List<Route> routes() {
    return routes;
  }

  /** The route for {@code method} on {@code path}; HEAD is looked up as GET. */
  public RouteMatch match(String method, CanonicalPath path) {
    String lookup = method.equals("HEAD") ? GET : method;
    Set<String> allowed = new LinkedHashSet<>();
    List<Route> exact = literalRoutes.getOrDefault(path.encoded(), List.of());
    for (Route route : exact) {
      if (route.method().equals(lookup) && route.matches(path.segments())) {
        return new RouteMatch.Found(route);
      }
    }
    for (Route route : exact) {
      if (route.matches(path.segments())) {
        allowed.add(route.method());
      }
    }
    for (Route route : patternRoutes) {
      if (route.matches(path.segments())) {
        if (route.method().equals(lookup)) {
          return new RouteMatch.Found(route);
        }
        allowed.add(route.method());
      }
    }
    if (allowed.isEmpty()) {
      return new RouteMatch.NotFound();
    }
    if (allowed.contains(GET)) {
      allowed.add("HEAD");
    }
    return new RouteMatch.MethodNotAllowed(Collections.unmodifiableSet(allowed));
  }

  private static List<Route> build() {
    Builder t = new Builder();

    // --- Gateway's own paths ------------------------------------------------------------------
    t.plain(GET, "/health", GATEWAY, PUBLIC, "gateway liveness");
    // The web UI's shell and code are public (its sign-in form is part of them); every piece
    // of data it shows comes through the authenticated routes below.
    t.plain(GET, "/", GATEWAY, PUBLIC, "web UI");
    t.plain(GET, "/favicon.ico", GATEWAY, PUBLIC, "web UI icon");
    t.plain(GET, "/static/{path+}", GATEWAY, PUBLIC, "web UI assets");
    t.labtrack(POST, "/session", GATEWAY, PUBLIC, "web UI sign-in (throttled)");
    t.labtrack(DELETE, "/session", GATEWAY, READER, "web UI sign-out");
    t.labtrack(GET, "/users/current", GATEWAY, READER, "current user and role");
    t.labtrack(POST, "/tokens", GATEWAY, ADMIN, "issue access token");
    t.labtrack(GET, "/tokens", GATEWAY, ADMIN, "list access tokens");
    t.labtrack(DELETE, "/tokens/{token_id}", GATEWAY, ADMIN, "revoke access token");
    t.labtrack(POST, "/gc", ARTIFACTS, ADMIN, "purge deleted runs and experiments (mlflow gc)");

    // --- Flask and FastAPI routes outside the RPC prefixes (mlflow/server/__init__.py) --------
    t.plain(GET, "/version", TRACKING, READER, "server version");
    t.plain(GET, "/graphql", TRACKING, READER, "GraphQL (read-only schema)");
    t.plain(POST, "/graphql", TRACKING, READER, "GraphQL (read-only schema)");
    t.plain(POST, "/v1/traces", TRACKING, EDITOR, "OTLP span export (3.x log_spans)");
    t.plain(GET, "/get-artifact", ARTIFACTS, READER, "UI run artifact download");
    t.plain(GET, "/model-versions/get-artifact", ARTIFACTS, READER,
        "UI model version artifact download");

    // --- Experiments (service.proto) -----------------------------------------------------------
    t.rpc(2, GET, "/mlflow/experiments/get-by-name", TRACKING, READER, "GetExperimentByName");
    t.rpc(2, POST, "/mlflow/experiments/create", TRACKING, EDITOR, "CreateExperiment");
    t.rpc(2, POST, "/mlflow/experiments/search", TRACKING, READER, "SearchExperiments");
    t.rpc(2, GET, "/mlflow/experiments/search", TRACKING, READER, "SearchExperiments");
    t.rpc(2, GET, "/mlflow/experiments/get", TRACKING, READER, "GetExperiment");
    t.rpc(2, POST, "/mlflow/experiments/delete", TRACKING, EDITOR, "DeleteExperiment");
    t.rpc(2, POST, "/mlflow/experiments/restore", TRACKING, EDITOR, "RestoreExperiment");
    t.rpc(2, POST, "/mlflow/experiments/update", TRACKING, EDITOR, "UpdateExperiment");
    t.rpc(2, POST, "/mlflow/experiments/set-experiment-tag", TRACKING, EDITOR,
        "SetExperimentTag");
    t.rpc(2, POST, "/mlflow/experiments/delete-experiment-tag", TRACKING, EDITOR,
        "DeleteExperimentTag");
    // The proto's path is malformed ("/api/2.0mlflow/..."); Flask serves the corrected one.
    t.rpc(2, POST, "/mlflow/experiments/search-datasets", TRACKING, READER, "SearchDatasets");

    // --- Runs and metrics ------------------------------------------------------------------------
    t.rpc(2, POST, "/mlflow/runs/create", TRACKING, EDITOR, "CreateRun");
    t.rpc(2, POST, "/mlflow/runs/update", TRACKING, EDITOR, "UpdateRun");
    t.rpc(2, POST, "/mlflow/runs/delete", TRACKING, EDITOR, "DeleteRun");
    t.rpc(2, POST, "/mlflow/runs/restore", TRACKING, EDITOR, "RestoreRun");
    t.rpc(2, POST, "/mlflow/runs/log-metric", TRACKING, EDITOR, "LogMetric");
    t.rpc(2, POST, "/mlflow/runs/log-parameter", TRACKING, EDITOR, "LogParam");
    t.rpc(2, POST, "/mlflow/runs/set-tag", TRACKING, EDITOR, "SetTag");
    t.rpc(2, POST, "/mlflow/runs/delete-tag", TRACKING, EDITOR, "DeleteTag");
    t.rpc(2, GET, "/mlflow/runs/get", TRACKING, READER, "GetRun");
    t.rpc(2, POST, "/mlflow/runs/search", TRACKING, READER, "SearchRuns");
    t.rpc(2, POST, "/mlflow/runs/log-batch", TRACKING, EDITOR, "LogBatch");
    t.rpc(2, POST, "/mlflow/runs/log-model", TRACKING, EDITOR, "LogModel");
    t.rpc(2, POST, "/mlflow/runs/log-inputs", TRACKING, EDITOR, "LogInputs");
    t.rpc(2, POST, "/mlflow/runs/outputs", TRACKING, EDITOR, "LogOutputs");
    t.rpc(2, POST, "/mlflow/runs/create-promptlab-run", TRACKING, EDITOR,
        "create-promptlab-run (Flask)");
    t.rpc(2, GET, "/mlflow/metrics/get-history", TRACKING, READER, "GetMetricHistory");
    t.rpc(2, GET, "/mlflow/metrics/get-history-bulk", TRACKING, READER,
        "get-history-bulk (Flask)");
    t.rpc(2, GET, "/mlflow/metrics/get-history-bulk-interval", TRACKING, READER,
        "GetMetricHistoryBulkInterval");
    t.rpc(2, GET, "/mlflow/server-features", TRACKING, READER, "server-features");
    t.rpc(2, GET, "/mlflow/gateway-proxy", TRACKING, READER, "gateway-proxy: list endpoints");
    t.rpc(2, POST, "/mlflow/gateway-proxy", TRACKING, EDITOR, "gateway-proxy: invoke");

    // --- Traces, v2 and v3 ------------------------------------------------------------------------
    t.rpc(2, POST, "/mlflow/traces", TRACKING, EDITOR, "StartTrace");
    t.rpc(2, GET, "/mlflow/traces", TRACKING, READER, "SearchTraces");
    t.rpc(2, PATCH, "/mlflow/traces/{request_id}", TRACKING, EDITOR, "EndTrace");
    t.rpc(2, GET, "/mlflow/traces/{request_id}/info", TRACKING, READER, "GetTraceInfo");
    t.rpc(2, PATCH, "/mlflow/traces/{request_id}/tags", TRACKING, EDITOR, "SetTraceTag");
    t.rpc(2, DELETE, "/mlflow/traces/{request_id}/tags", TRACKING, EDITOR, "DeleteTraceTag");
    t.rpc(2, POST, "/mlflow/traces/link-to-run", TRACKING, EDITOR, "LinkTracesToRun");
    t.rpc(2, POST, "/mlflow/traces/delete-traces", TRACKING, EDITOR, "DeleteTraces");
    t.rpc(2, GET, "/mlflow/unified-traces", TRACKING, READER, "SearchUnifiedTraces");
    t.rpc(2, GET, "/mlflow/get-online-trace-details", TRACKING, READER,
        "GetOnlineTraceDetails");
    t.rpc(3, POST, "/mlflow/traces", TRACKING, EDITOR, "StartTraceV3");
    t.rpc(3, GET, "/mlflow/traces/{trace_id}", TRACKING, READER, "GetTraceInfoV3");
    t.rpc(3, GET, "/mlflow/traces/get", TRACKING, READER, "GetTrace");
    t.rpc(3, GET, "/mlflow/traces/batchGet", TRACKING, READER, "BatchGetTraces");
    t.rpc(3, POST, "/mlflow/traces/search", TRACKING, READER, "SearchTracesV3");
    t.rpc(3, PATCH, "/mlflow/traces/{trace_id}/tags", TRACKING, EDITOR, "SetTraceTagV3");
    t.rpc(3, DELETE, "/mlflow/traces/{trace_id}/tags", TRACKING, EDITOR, "DeleteTraceTagV3");
    t.rpc(3, POST, "/mlflow/traces/delete-traces", TRACKING, EDITOR, "DeleteTracesV3");
    t.rpc(3, POST, "/mlflow/traces/calculate-filter-correlation", TRACKING, READER,
        "CalculateTraceFilterCorrelation");
    t.rpc(3, GET, "/mlflow/traces/{trace_id}/assessments/{assessment_id}", TRACKING, READER,
        "GetAssessmentRequest");
    t.rpc(3, POST, "/mlflow/traces/{trace_id}/assessments", TRACKING, EDITOR,
        "CreateAssessment");
    t.rpc(3, PATCH, "/mlflow/traces/{trace_id}/assessments/{assessment_id}", TRACKING, EDITOR,
        "UpdateAssessment");
    t.rpc(3, DELETE, "/mlflow/traces/{trace_id}/assessments/{assessment_id}", TRACKING, EDITOR,
        "DeleteAssessment");
    // Reads trace data from the artifact store (handlers.py get_trace_artifact_handler).
    t.rpc(2, GET, "/mlflow/get-trace-artifact", ARTIFACTS, READER,
        "get-trace-artifact (Flask)");

    // --- Workspaces (opt-in tenancy) ------------------------------------------------------------
    t.rpc(2, GET, "/mlflow/workspaces", TRACKING, READER, "ListWorkspaces");
    t.rpc(2, POST, "/mlflow/workspaces", TRACKING, ADMIN, "CreateWorkspace");
    t.rpc(2, GET, "/mlflow/workspaces/{workspace_name}", TRACKING, READER, "GetWorkspace");
    t.rpc(2, PATCH, "/mlflow/workspaces/{workspace_name}", TRACKING, ADMIN, "UpdateWorkspace");
    t.rpc(2, DELETE, "/mlflow/workspaces/{workspace_name}", TRACKING, ADMIN,
        "DeleteWorkspace");

    // --- Logged models (3.x) --------------------------------------------------------------------
    t.rpc(2, POST, "/mlflow/logged-models", TRACKING, EDITOR, "CreateLoggedModel");
    t.rpc(2, PATCH, "/mlflow/logged-models/{model_id}", TRACKING, EDITOR,
        "FinalizeLoggedModel");
    t.rpc(2, GET, "/mlflow/logged-models/{model_id}", TRACKING, READER, "GetLoggedModel");
    t.rpc(2, DELETE, "/mlflow/logged-models/{model_id}", TRACKING, EDITOR, "DeleteLoggedModel");
    t.rpc(2, POST, "/mlflow/logged-models/search", TRACKING, READER, "SearchLoggedModels");
    t.rpc(2, PATCH, "/mlflow/logged-models/{model_id}/tags", TRACKING, EDITOR,
        "SetLoggedModelTags");
    t.rpc(2, DELETE, "/mlflow/logged-models/{model_id}/tags/{tag_key}", TRACKING, EDITOR,
        "DeleteLoggedModelTag");
    t.rpc(2, POST, "/mlflow/logged-models/{model_id}/params", TRACKING, EDITOR,
        "LogLoggedModelParamsRequest");
    // Listing and reading a logged model's files is storage work, like artifacts/list.
    t.rpc(2, GET, "/mlflow/logged-models/{model_id}/artifacts/directories", ARTIFACTS, READER,
        "ListLoggedModelArtifacts");
    t.rpc(2, GET, "/mlflow/logged-models/{model_id}/artifacts/files", ARTIFACTS, READER,
        "logged model artifact file (Flask)");

    // --- Evaluation datasets and scorers (3.0) ------------------------------------------------
    t.rpc(3, POST, "/mlflow/datasets/create", TRACKING, EDITOR, "CreateDataset");
    t.rpc(3, GET, "/mlflow/datasets/{dataset_id}", TRACKING, READER, "GetDataset");
    t.rpc(3, DELETE, "/mlflow/datasets/{dataset_id}", TRACKING, EDITOR, "DeleteDataset");
    t.rpc(3, POST, "/mlflow/datasets/search", TRACKING, READER, "SearchEvaluationDatasets");
    t.rpc(3, GET, "/mlflow/datasets/search", TRACKING, READER, "SearchEvaluationDatasets");
    t.rpc(3, PATCH, "/mlflow/datasets/{dataset_id}/tags", TRACKING, EDITOR, "SetDatasetTags");
    t.rpc(3, DELETE, "/mlflow/datasets/{dataset_id}/tags/{key}", TRACKING, EDITOR,
        "DeleteDatasetTag");
    t.rpc(3, POST, "/mlflow/datasets/{dataset_id}/records", TRACKING, EDITOR,
        "UpsertDatasetRecords");
    t.rpc(3, GET, "/mlflow/datasets/{dataset_id}/records", TRACKING, READER,
        "GetDatasetRecords");
    t.rpc(3, GET, "/mlflow/datasets/{dataset_id}/experiment-ids", TRACKING, READER,
        "GetDatasetExperimentIds");
    t.rpc(3, POST, "/mlflow/datasets/{dataset_id}/add-experiments", TRACKING, EDITOR,
        "AddDatasetToExperiments");
    t.rpc(3, POST, "/mlflow/datasets/{dataset_id}/remove-experiments", TRACKING, EDITOR,
        "RemoveDatasetFromExperiments");
    t.rpc(3, POST, "/mlflow/scorers/register", TRACKING, EDITOR, "RegisterScorer");
    t.rpc(3, GET, "/mlflow/scorers/list", TRACKING, READER, "ListScorers");
    t.rpc(3, GET, "/mlflow/scorers/versions", TRACKING, READER, "ListScorerVersions");
    t.rpc(3, GET, "/mlflow/scorers/get", TRACKING, READER, "GetScorer");
    t.rpc(3, DELETE, "/mlflow/scorers/delete", TRACKING, EDITOR, "DeleteScorer");

    // --- Jobs (FastAPI, mlflow/server/job_api.py) -----------------------------------------------
    t.rpc(3, GET, "/jobs/{job_id}", TRACKING, READER, "get job");
    t.rpc(3, POST, "/jobs", TRACKING, ADMIN, "submit job");
    t.rpc(3, POST, "/jobs/search", TRACKING, READER, "search jobs");

    // --- Model registry (model_registry.proto) -------------------------------------------------
    t.rpc(2, POST, "/mlflow/registered-models/create", TRACKING, EDITOR,
        "CreateRegisteredModel");
    t.rpc(2, POST, "/mlflow/registered-models/rename", TRACKING, EDITOR,
        "RenameRegisteredModel");
    t.rpc(2, PATCH, "/mlflow/registered-models/update", TRACKING, EDITOR,
        "UpdateRegisteredModel");
    t.rpc(2, DELETE, "/mlflow/registered-models/delete", TRACKING, EDITOR,
        "DeleteRegisteredModel");
    t.rpc(2, GET, "/mlflow/registered-models/get", TRACKING, READER, "GetRegisteredModel");
    t.rpc(2, GET, "/mlflow/registered-models/search", TRACKING, READER,
        "SearchRegisteredModels");
    t.rpc(2, POST, "/mlflow/registered-models/get-latest-versions", TRACKING, READER,
        "GetLatestVersions");
    t.rpc(2, GET, "/mlflow/registered-models/get-latest-versions", TRACKING, READER,
        "GetLatestVersions");
    t.rpc(2, POST, "/mlflow/registered-models/set-tag", TRACKING, EDITOR,
        "SetRegisteredModelTag");
    t.rpc(2, DELETE, "/mlflow/registered-models/delete-tag", TRACKING, EDITOR,
        "DeleteRegisteredModelTag");
    t.rpc(2, POST, "/mlflow/registered-models/alias", TRACKING, EDITOR,
        "SetRegisteredModelAlias");
    t.rpc(2, DELETE, "/mlflow/registered-models/alias", TRACKING, EDITOR,
        "DeleteRegisteredModelAlias");
    t.rpc(2, GET, "/mlflow/registered-models/alias", TRACKING, READER,
        "GetModelVersionByAlias");
    t.rpc(2, POST, "/mlflow/model-versions/create", TRACKING, EDITOR, "CreateModelVersion");
    t.rpc(2, PATCH, "/mlflow/model-versions/update", TRACKING, EDITOR, "UpdateModelVersion");
    t.rpc(2, POST, "/mlflow/model-versions/transition-stage", TRACKING, EDITOR,
        "TransitionModelVersionStage");
    t.rpc(2, DELETE, "/mlflow/model-versions/delete", TRACKING, EDITOR, "DeleteModelVersion");
    t.rpc(2, GET, "/mlflow/model-versions/get", TRACKING, READER, "GetModelVersion");
    t.rpc(2, GET, "/mlflow/model-versions/search", TRACKING, READER, "SearchModelVersions");
    t.rpc(2, GET, "/mlflow/model-versions/get-download-uri", TRACKING, READER,
        "GetModelVersionDownloadUri");
    t.rpc(2, POST, "/mlflow/model-versions/set-tag", TRACKING, EDITOR, "SetModelVersionTag");
    t.rpc(2, DELETE, "/mlflow/model-versions/delete-tag", TRACKING, EDITOR,
        "DeleteModelVersionTag");
    t.rpc(2, GET, "/mlflow/model-versions/get-artifact", ARTIFACTS, READER,
        "model version artifact download (ajax form)");

    // --- Webhooks (webhooks.proto) --------------------------------------------------------------
    t.rpc(2, POST, "/mlflow/webhooks", TRACKING, ADMIN, "CreateWebhook");
    t.rpc(2, GET, "/mlflow/webhooks", TRACKING, READER, "ListWebhooks");
    t.rpc(2, GET, "/mlflow/webhooks/{webhook_id}", TRACKING, READER, "GetWebhook");
    t.rpc(2, PATCH, "/mlflow/webhooks/{webhook_id}", TRACKING, ADMIN, "UpdateWebhook");
    t.rpc(2, DELETE, "/mlflow/webhooks/{webhook_id}", TRACKING, ADMIN, "DeleteWebhook");
    t.rpc(2, POST, "/mlflow/webhooks/{webhook_id}/test", TRACKING, ADMIN, "TestWebhook");

    // --- Artifacts (mlflow_artifacts.proto and the run-scoped listing) -----------------------
    t.rpc(2, GET, "/mlflow/artifacts/list", ARTIFACTS, READER, "ListArtifacts (run)");
    t.rpc(2, GET, "/mlflow/get-artifact", ARTIFACTS, READER,
        "run artifact download (ajax form)");
    t.rpc(2, POST, "/mlflow/upload-artifact", ARTIFACTS, EDITOR, "upload-artifact (Flask, UI)");
    t.rpc(2, GET, "/mlflow-artifacts/artifacts", ARTIFACTS, READER, "ListArtifacts (proxied)");
    t.rpc(2, GET, "/mlflow-artifacts/artifacts/{path+}", ARTIFACTS, READER, "DownloadArtifact");
    t.rpc(2, PUT, "/mlflow-artifacts/artifacts/{path+}", ARTIFACTS, EDITOR, "UploadArtifact");
    t.rpc(2, DELETE, "/mlflow-artifacts/artifacts/{path+}", ARTIFACTS, EDITOR,
        "DeleteArtifact");
    t.rpc(2, POST, "/mlflow-artifacts/mpu/create/{path+}", ARTIFACTS, EDITOR,
        "CreateMultipartUpload");
    t.rpc(2, POST, "/mlflow-artifacts/mpu/complete/{path+}", ARTIFACTS, EDITOR,
        "CompleteMultipartUpload");
    t.rpc(2, POST, "/mlflow-artifacts/mpu/abort/{path+}", ARTIFACTS, EDITOR,
        "AbortMultipartUpload");
    // LabTrack's part URLs: MLflow's client PUTs parts without credentials (http_artifact_repo
    // _upload_part), so a signed URL authorises itself; artifact-service verifies the signature.
    t.signedUpload(2, PUT, "/mlflow-artifacts/mpu/part/{path+}", ARTIFACTS, EDITOR,
        "multipart part upload (LabTrack)");

    return t.routes();
  }

  /** Collects routes and refuses duplicates, so the table cannot contradict itself. */
  private static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private final Set<String> keys = new LinkedHashSet<>();

    void rpc(int version, String method, String path, Upstream upstream, Access access,
        String name) {
      add(new Route(method, "/api/" + version + ".0" + path, upstream, access, false, name));
      add(new Route(method, "/ajax-api/" + version + ".0" + path, upstream, access, false, name));
    }

    void signedUpload(int version, String method, String path, Upstream upstream, Access access,
        String name) {
      add(new Route(method, "/api/" + version + ".0" + path, upstream, access, true, name));
      add(new Route(method, "/ajax-api/" + version + ".0" + path, upstream, access, true, name));
    }

    void labtrack(String method, String path, Upstream upstream, Access access, String name) {
      add(new Route(method, "/api/labtrack/v1" + path, upstream, access, false, name));
      add(new Route(method, "/ajax-api/labtrack/v1" + path, upstream, access, false, name));
    }

    void plain(String method, String path, Upstream upstream, Access access, String name) {
      add(new Route(method, path, upstream, access, false, name));
    }

    private void add(Route route) {
      String key = route.method() + " " + route.pattern().replaceAll("\\{[^}]*}", "{}");
      if (!keys.add(key)) {
        throw new IllegalStateException("Duplicate route " + route);
      }
      routes.add(route);
    }

    List<Route> routes() {
      return List.copyOf(routes);
    }
  }
}
