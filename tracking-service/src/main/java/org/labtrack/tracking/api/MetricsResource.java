package org.labtrack.tracking.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static org.labtrack.tracking.api.Api.required;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.api.dto.MetricMessages.GetMetricHistoryBulkIntervalResponse;
import org.labtrack.tracking.api.dto.MetricMessages.GetMetricHistoryBulkResponse;
import org.labtrack.tracking.api.dto.MetricMessages.GetMetricHistoryResponse;
import org.labtrack.tracking.domain.MetricService;
import org.labtrack.tracking.domain.model.Metric;

@Path(Api.PREFIX + "/metrics")
@Produces(APPLICATION_JSON)
public class MetricsResource {
  private static final int STREAM_BUFFER = 256 * 1024;

  private final MetricService metrics;
  private final ObjectMapper json;

  MetricsResource(MetricService metrics, ObjectMapper json) {
    this.metrics = metrics;
    this.json = json;
  }

  /**
   * A metric's history. With {@code max_results} it is paged; without it the whole history is
   * streamed, as MLflow 2 servers answer: the JSON is written as it goes, never held whole.
   */
  @GET
  @Path("/get-history")
  public Response getMetricHistory(@RestQuery("run_id") String runId,
      @RestQuery("run_uuid") String runUuid, @RestQuery("metric_key") String metricKey,
      @RestQuery("max_results") Integer maxResults, @RestQuery("page_token") String pageToken) {
    String id = RunsResource.runId(runId, runUuid);
    String key = required(metricKey, "metric_key");
    if (maxResults != null && maxResults != 0 || pageToken != null && !pageToken.isEmpty()) {
      MetricService.HistoryPage page = metrics.page(id, key,
          maxResults == null || maxResults == 0 ? Integer.MAX_VALUE - 1 : maxResults, pageToken);
      return Response.ok(new GetMetricHistoryResponse(page.metrics(), page.nextPageToken())).build();
    }
    StreamingOutput body = out -> {
      // Large chunks to the socket: a write per Jackson buffer costs a Netty write and a metrics
      // sample each, which dominated the time of a million-point history.
      try (JsonGenerator gen = json.getFactory().createGenerator(
          new BufferedOutputStream(out, STREAM_BUFFER))) {
        gen.writeStartObject();
        // No points, no "metrics" key: protobuf leaves an empty list out, so MLflow answers {}.
        boolean[] any = {false};
        metrics.streamHistory(id, key, m -> {
          if (!any[0]) {
            any[0] = true;
            startMetrics(gen);
          }
          writeMetric(gen, m);
        });
        if (any[0]) {
          gen.writeEndArray();
        }
        gen.writeEndObject();
      }
    };
    return Response.ok(body, APPLICATION_JSON).build();
  }

  private static void startMetrics(JsonGenerator gen) {
    try {
      gen.writeArrayFieldStart("metrics");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One point, field by field: cheaper than a bean serializer call per point. */
  private static void writeMetric(JsonGenerator gen, Metric m) {
    try {
      gen.writeStartObject();
      gen.writeStringField("key", m.key());
      gen.writeNumberField("value", m.value());
      gen.writeNumberField("timestamp", m.timestamp());
      gen.writeNumberField("step", m.step());
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Path("/get-history-bulk-interval")
  public GetMetricHistoryBulkIntervalResponse getMetricHistoryBulkInterval(
      @RestQuery("run_ids") List<String> runIds, @RestQuery("metric_key") String metricKey,
      @RestQuery("start_step") Long startStep, @RestQuery("end_step") Long endStep,
      @RestQuery("max_results") Integer maxResults) {
    if (runIds == null || runIds.isEmpty()) {
      throw MlflowException.missingParameter("run_ids");
    }
    if (runIds.size() > MetricService.MAX_RUNS_PER_BULK) {
      throw MlflowException.invalidParameter("GetMetricHistoryBulkInterval request must specify "
          + "at most " + MetricService.MAX_RUNS_PER_BULK + " run_ids. Received " + runIds.size()
          + " run_ids.");
    }
    String key = required(metricKey, "metric_key");
    int limit = maxResults == null ? MetricService.MAX_POINTS_PER_RUN : maxResults;
    if (limit < 1 || limit > MetricService.MAX_POINTS_PER_RUN) {
      throw MlflowException.invalidParameter(
          "max_results must be between 1 and " + MetricService.MAX_POINTS_PER_RUN + ".");
    }
    if ((startStep == null) != (endStep == null)) {
      throw MlflowException.invalidParameter(
          "If either start step or end step are specified, both must be specified.");
    }
    if (startStep != null && startStep > endStep) {
      throw MlflowException.invalidParameter("end_step must be greater than start_step. "
          + "Found start_step=" + startStep + " and end_step=" + endStep + ".");
    }
    return new GetMetricHistoryBulkIntervalResponse(
        metrics.bulkInterval(runIds, key, limit, startStep, endStep));
  }

  /** The older UI endpoint MLflow serves under /ajax-api only. */
  @GET
  @Path("/get-history-bulk")
  public GetMetricHistoryBulkResponse getMetricHistoryBulk(
      @RestQuery("run_id") List<String> runIds, @RestQuery("metric_key") String metricKey,
      @RestQuery("max_results") Integer maxResults) {
    if (runIds == null || runIds.isEmpty()) {
      throw MlflowException.invalidParameter(
          "GetMetricHistoryBulk request must specify at least one run_id.");
    }
    if (runIds.size() > MetricService.MAX_RUNS_PER_BULK) {
      throw MlflowException.invalidParameter("GetMetricHistoryBulk request cannot specify more "
          + "than " + MetricService.MAX_RUNS_PER_BULK + " run_ids. Received " + runIds.size()
          + " run_ids.");
    }
    if (metricKey == null) {
      throw MlflowException.invalidParameter(
          "GetMetricHistoryBulk request must specify a metric_key.");
    }
    int limit = Math.min(maxResults == null ? 25_000 : Math.max(maxResults, 0), 25_000);
    return new GetMetricHistoryBulkResponse(metrics.bulk(runIds, metricKey, limit));
  }
}
