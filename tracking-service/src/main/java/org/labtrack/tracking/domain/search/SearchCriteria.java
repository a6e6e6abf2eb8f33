package org.labtrack.tracking.domain.search;

import java.util.List;

/**
 * A search request's filter and order_by, parsed and validated as MLflow validates them.
 *
 * @param filter the AND-ed comparisons (empty for no filter)
 * @param orderBy the order_by clauses as given (runs: empty means MLflow's default order;
 *     experiments: MLflow's default {@code creation_time DESC, experiment_id ASC} filled in)
 */
public record SearchCriteria(List<Comparison> filter, List<OrderKey> orderBy) {

  public SearchCriteria {
    filter = List.copyOf(filter);
    orderBy = List.copyOf(orderBy);
  }

  /**
   * Parses a search_runs filter and order_by, raising MLflow's INVALID_PARAMETER_VALUE errors in
   * the order MLflow's SQL store meets them (filter syntax, then order_by, then comparators).
   */
  public static SearchCriteria forRuns(String filter, List<String> orderBy) {
    SearchGrammar g = SearchGrammar.RUNS;
    List<SearchGrammar.Pending> parsed = g.parseFilter(filter);
    List<OrderKey> order = g.runOrderBy(orderBy);
    return new SearchCriteria(g.checkComparators(parsed), order);
  }

  /**
   * Parses a search_experiments filter and order_by (filter syntax, then comparators, then
   * order_by, as MLflow's SQL store checks them).
   */
  public static SearchCriteria forExperiments(String filter, List<String> orderBy) {
    SearchGrammar g = SearchGrammar.EXPERIMENTS;
    List<Comparison> comparisons = g.checkComparators(g.parseFilter(filter));
    return new SearchCriteria(comparisons, g.experimentOrderBy(orderBy));
  }
}
