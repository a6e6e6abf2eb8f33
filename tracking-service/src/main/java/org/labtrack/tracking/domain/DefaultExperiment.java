package org.labtrack.tracking.domain;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** MLflow's experiment 0, "Default", exists from the first start on. */
@ApplicationScoped
class DefaultExperiment {

  void create(@Observes StartupEvent start, ExperimentService experiments) {
    experiments.ensureDefaultExperiment();
  }
}
