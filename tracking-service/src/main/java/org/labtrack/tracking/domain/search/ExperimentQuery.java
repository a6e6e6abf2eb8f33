package org.labtrack.tracking.domain.search;

import java.util.List;
import org.labtrack.tracking.domain.ViewType;

/**
 * A search_experiments request as the store needs it.
 *
 * @param filter MLflow filter string, null or empty for none
 * @param viewType lifecycle stages of the experiments to return
 * @param maxResults page size as received: MLflow refuses 0 (absent), negatives and over 50000
 * @param orderBy order_by clauses, null or empty for {@code creation_time DESC, experiment_id ASC}
 * @param pageToken an opaque token from a previous page, null or empty for the first page
 */
public record ExperimentQuery(String filter, ViewType viewType, int maxResults,
    List<String> orderBy, String pageToken) {

  public ExperimentQuery {
    orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    viewType = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
  }
}
