package org.labtrack.tracking.domain.search;

import java.util.List;

/**
 * One page of experiment ids in search order.
 *
 * @param nextPageToken null unless more experiments match (MLflow probes one row further)
 */
public record ExperimentPage(List<Long> experimentIds, String nextPageToken) {
  public ExperimentPage {
    experimentIds = List.copyOf(experimentIds);
  }
}
