package org.labtrack.tracking.api.dto;

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
}
