package org.labtrack.tracking.domain.model;

import java.util.List;

/** MLflow's {@code Run}: info, data (latest metrics, params, tags), inputs and outputs. */
public record Run(RunInfo info, RunData data, RunInputs inputs, RunOutputs outputs) {

  public record RunData(List<Metric> metrics, List<Tag> params, List<Tag> tags) {
  }

  /** The datasets a run read and (MLflow 3) the LoggedModels it took as input. */
  public record RunInputs(List<DatasetInput> datasetInputs, List<ModelInput> modelInputs) {
  }

  /** MLflow 3's {@code ModelInput}. */
  public record ModelInput(String modelId) {
  }

  /** MLflow 3's {@code RunOutputs}: the LoggedModels the run produced. */
  public record RunOutputs(List<ModelOutput> modelOutputs) {
  }

  /** MLflow 3's {@code ModelOutput}. */
  public record ModelOutput(String modelId, long step) {
  }
}
