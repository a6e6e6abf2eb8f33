package org.labtrack.tracking.api.dto;

import java.util.List;
import org.labtrack.tracking.domain.model.DatasetSummary;
import org.labtrack.tracking.domain.model.Experiment;
import org.labtrack.tracking.domain.model.Tag;

/** Request and response bodies of the experiment RPCs, in MLflow's field names. */
public final class ExperimentMessages {
  private ExperimentMessages() {
  }

  public record CreateExperimentRequest(String name, String artifactLocation, List<Tag> tags) {
  }

  public record CreateExperimentResponse(String experimentId) {
  }

  public record GetExperimentResponse(Experiment experiment) {
  }

  public record ExperimentIdRequest(String experimentId) {
  }

  public record UpdateExperimentRequest(String experimentId, String newName) {
  }

  public record SetExperimentTagRequest(String experimentId, String key, String value) {
  }

  public record DeleteExperimentTagRequest(String experimentId, String key) {
  }

  public record SearchExperimentsRequest(Long maxResults, String pageToken, String filter,
      List<String> orderBy, String viewType) {
  }

  public record SearchExperimentsResponse(List<Experiment> experiments, String nextPageToken) {
  }

  public record SearchDatasetsRequest(List<String> experimentIds) {
  }

  public record SearchDatasetsResponse(List<DatasetSummary> datasetSummaries) {
  }
}
