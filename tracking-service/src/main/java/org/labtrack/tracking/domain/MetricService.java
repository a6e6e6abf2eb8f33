package org.labtrack.tracking.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.model.Metric;
import org.labtrack.tracking.domain.search.PageToken;
import org.labtrack.tracking.config.TrackingConfig;
import org.labtrack.tracking.store.MetricStore;
import org.labtrack.tracking.store.MetricStore.HistoryCursor;
import org.labtrack.tracking.store.MetricStore.Point;
import org.labtrack.tracking.store.RunStore;
import org.labtrack.tracking.store.Series;
import org.labtrack.tracking.store.Transactions;

/**
 * Reading metric history: whole, paged, and downsampled for charts. As in MLflow, a run that
 * does not exist is no error: its history is empty.
 */
@ApplicationScoped
public class MetricService {
  /** Runs per get-history-bulk-interval request, and points per run, as MLflow. */
  public static final int MAX_RUNS_PER_BULK = 100;
  public static final int MAX_POINTS_PER_RUN = 2500;
  static final int MAX_HISTORY_POINTS = 25_000;

  private final MetricStore metrics;
  private final RunStore runs;
  private final Transactions tx;
  /** Histories as this replica last read them: a client pages through a long one in 25k steps. */
  private final RunVersionCache<Series> histories;

  MetricService(MetricStore metrics, RunStore runs, Transactions tx, TrackingConfig config,
      MeterRegistry registry) {
    this.metrics = metrics;
    this.runs = runs;
    this.tx = tx;
    this.histories = new RunVersionCache<>("metric_histories", config.historyCacheSize(),
        Series::bytes, registry);
  }

  public record HistoryPage(List<Metric> metrics, String nextPageToken) {
  }

  /** One page of a metric's history; {@code next_page_token} is set when more points exist. */
  public HistoryPage page(String runId, String key, int maxResults, String pageToken) {
    if (maxResults <= 0) {
      throw MlflowException.invalidParameter(
          "Invalid value " + maxResults + " for parameter 'max_results' supplied. "
              + "It must be a positive integer.");
    }
    HistoryCursor after = decode(runId, key, pageToken);
    List<Point> points = series(runId, key).page(after, maxResults + 1);
    String next = null;
    if (points.size() > maxResults) {
      points = points.subList(0, maxResults);
      next = encode(runId, key, points.get(points.size() - 1));
    }
    return new HistoryPage(points.stream().map(MetricService::toMetric).toList(), next);
  }

  /** Hands every point of the history to {@code sink} in MLflow's order. */
  public void streamHistory(String runId, String key, Consumer<Metric> sink) {
    series(runId, key).forEach(p -> sink.accept(toMetric(p)));
  }

  /**
   * MLflow's downsampling for charts: across all given runs, up to {@code maxResults} evenly
   * spaced logged steps in the range, plus each run's first and last step, then every point
   * at those steps.
   */
  public List<Metric> bulkInterval(List<String> runIds, String key, int maxResults,
      Long startStep, Long endStep) {
    List<Series> read = new ArrayList<>(runIds.size());
    List<List<Long>> stepsPerRun = new ArrayList<>(runIds.size());
    for (String runId : runIds) {
      Series one = series(runId, key);
      read.add(one);
      stepsPerRun.add(one.steps());
    }
    TreeSet<Long> all = new TreeSet<>();
    TreeSet<Long> boundaries = new TreeSet<>();
    for (List<Long> steps : stepsPerRun) {
      if (!steps.isEmpty()) {
        all.addAll(steps);
        boundaries.add(steps.get(0));
        boundaries.add(steps.get(steps.size() - 1));
      }
    }
    long start = startStep == null ? 0 : startStep;
    long end = endStep == null ? (all.isEmpty() ? 0 : all.last()) : endStep;
    List<Long> inRange = new ArrayList<>(all.subSet(start, true, end, true));
    TreeSet<Long> sampled = new TreeSet<>(boundaries.subSet(start, true, end, true));
    if (inRange.size() <= maxResults) {
      sampled.addAll(inRange);
    } else {
      double interval = (double) inRange.size() / maxResults;
      for (int i = 0; i < maxResults; i++) {
        sampled.add(inRange.get((int) (i * interval)));
      }
      sampled.add(inRange.get(inRange.size() - 1));
    }
    List<Long> steps = List.copyOf(sampled);
    List<Metric> result = new ArrayList<>();
    for (int r = 0; r < runIds.size(); r++) {
      for (Point p : read.get(r).atSteps(steps, MAX_HISTORY_POINTS)) {
        result.add(toMetric(p).withRunId(runIds.get(r)));
      }
    }
    return result;
  }

  /** The UI's older bulk history: each run's points, up to {@code maxResults} per run. */
  public List<Metric> bulk(List<String> runIds, String key, int maxResults) {
    List<Metric> result = new ArrayList<>();
    for (String runId : new TreeSet<>(runIds)) {
      for (Point p : series(runId, key).page(null, maxResults)) {
        result.add(toMetric(p).withRunId(runId));
      }
    }
    return result;
  }

  /**
   * One metric's history, from memory while its run is unchanged. The run's version is read
   * before the chunks, so what is kept is never older than its version. Nothing read inside a
   * unit of work is kept: its own uncommitted version would outlive a rollback.
   */
  private Series series(String runId, String key) {
    OptionalLong version = runs.dataVersion(runId);
    if (version.isEmpty()) {
      return metrics.series(runId, key); // no run: MLflow answers its history all the same
    }
    String id = runId + "/" + key;
    Series kept = histories.get(id, version.getAsLong());
    if (kept == null) {
      kept = metrics.series(runId, key);
      if (!tx.active()) {
        histories.put(id, version.getAsLong(), kept);
      }
    }
    return kept;
  }

  static Metric toMetric(Point p) {
    return new Metric(p.key(), p.wireValue(), p.timestamp(), p.step());
  }

  /** A keyset token bound to this run and metric: the last point served. */
  private static String encode(String runId, String key, Point last) {
    return PageToken.keyset(historyHash(runId, key),
        List.of(last.timestamp(), last.step(), last.value(), last.isNan() ? 1L : 0L));
  }

  private static HistoryCursor decode(String runId, String key, String token) {
    PageToken.Position position = PageToken.decode(token, historyHash(runId, key), 4);
    if (!position.isKeyset()) {
      if (position.offset() == 0) {
        return null;
      }
      // an offset token is MLflow's, never one this server issued for a history
      throw MlflowException.invalidParameter("Invalid page token, could not base64-decode");
    }
    List<JsonNode> after = position.after();
    return new HistoryCursor(after.get(0).asLong(), after.get(1).asLong(),
        after.get(2).asDouble(), after.get(3).asLong() == 1);
  }

  private static String historyHash(String runId, String key) {
    return PageToken.queryHash("metric-history", runId, key);
  }
}
