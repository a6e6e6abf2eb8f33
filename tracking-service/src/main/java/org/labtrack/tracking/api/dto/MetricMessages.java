package org.labtrack.tracking.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.labtrack.tracking.domain.model.Metric;

/** Response bodies of the metric-history RPCs. */
public final class MetricMessages {
  private MetricMessages() {
  }

  public record GetMetricHistoryResponse(List<Metric> metrics, String nextPageToken) {
  }

  public record GetMetricHistoryBulkIntervalResponse(List<Metric> metrics) {
  }

  /** The older UI endpoint's answer, which MLflow writes by hand: an empty list stays. */
  public record GetMetricHistoryBulkResponse(
      @JsonInclude(JsonInclude.Include.ALWAYS) List<Metric> metrics) {
  }
}
