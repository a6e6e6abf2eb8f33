package org.labtrack.tracking.domain.model;

import java.util.List;

/** MLflow's {@code Run}: info, data (latest metrics, params, tags) and inputs. */
public record Run(RunInfo info, RunData data, RunInputs inputs) {

  public record RunData(List<Metric> metrics, List<Tag> params, List<Tag> tags) {
  }

  public record RunInputs(List<DatasetInput> datasetInputs) {
  }
}
