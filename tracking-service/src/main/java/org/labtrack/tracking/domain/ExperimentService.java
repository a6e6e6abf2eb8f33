package org.labtrack.tracking.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.config.TrackingConfig;
import org.labtrack.tracking.domain.model.DatasetSummary;
import org.labtrack.tracking.domain.model.Experiment;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.domain.search.ExperimentQuery;
import org.labtrack.tracking.domain.search.SearchLimits;
import org.labtrack.tracking.store.DatabaseFailures;
import org.labtrack.tracking.store.DatasetStore;
import org.labtrack.tracking.store.ExperimentEntity;
import org.labtrack.tracking.store.ExperimentStore;
import org.labtrack.tracking.store.ExperimentTagEntity;
import org.labtrack.tracking.store.Transactions;
import org.labtrack.tracking.store.search.ExperimentSearchStore;

/** Experiments: MLflow's create/get/rename/delete/restore and experiment tags. */
@ApplicationScoped
public class ExperimentService {
  public static final String DEFAULT_EXPERIMENT_ID = "0";
  public static final String DEFAULT_EXPERIMENT_NAME = "Default";

  /** MLflow's handler caps the experiments per request and its store the summaries. */
  static final int MAX_DATASET_EXPERIMENTS = 20;
  static final int MAX_DATASET_SUMMARIES = 1000;

  private final ExperimentStore store;
  private final ExperimentSearchStore search;
  private final DatasetStore datasets;
  private final Transactions tx;
  private final TrackingConfig config;

  ExperimentService(ExperimentStore store, ExperimentSearchStore search, DatasetStore datasets,
      Transactions tx, TrackingConfig config) {
    this.store = store;
    this.search = search;
    this.datasets = datasets;
    this.tx = tx;
    this.config = config;
  }

  public record Page(List<Experiment> experiments, String nextPageToken) {
  }

  /**
   * MLflow's search_experiments. Like MLflow's server, an absent {@code max_results} (0) is
   * refused; MLflow's clients always send one.
   */
  public Page search(String filter, String viewType, long maxResults, List<String> orderBy,
      String pageToken) {
    SearchLimits.checkExperimentsMaxResults(maxResults);
    var page = search.search(new ExperimentQuery(filter, ViewType.parse(viewType, "view_type"),
        (int) maxResults, orderBy, pageToken));
    return new Page(page.experiments().stream().map(f -> fromEntities(f.experiment(), f.tags()))
        .toList(), page.nextPageToken());
  }

  /**
   * MLflow's SearchDatasets, which its UI asks for the dataset filter of an experiment view: the
   * datasets the experiments' runs used, by context. Unknown experiments add nothing, as in
   * MLflow.
   */
  public List<DatasetSummary> searchDatasets(List<String> experimentIds) {
    if (experimentIds == null || experimentIds.isEmpty()) {
      throw MlflowException.invalidParameter(
          "SearchDatasets request must specify at least one experiment_id.");
    }
    if (experimentIds.size() > MAX_DATASET_EXPERIMENTS) {
      throw MlflowException.invalidParameter("SearchDatasets request cannot specify more than "
          + MAX_DATASET_EXPERIMENTS + " experiment_ids. Received " + experimentIds.size()
          + " experiment_ids.");
    }
    return datasets.summaries(parseIds(experimentIds), MAX_DATASET_SUMMARIES);
  }

  /** Creates MLflow's experiment {@code 0} named {@code Default} unless it exists. */
  public void ensureDefaultExperiment() {
    tx.write(() -> store.ensureDefaultExperiment(DEFAULT_EXPERIMENT_NAME,
        Uris.append(config.defaultArtifactRoot(), DEFAULT_EXPERIMENT_ID), now()));
  }

  /** Creates an experiment and returns its id. The name must be unused, even by a deleted one. */
  public String create(String name, String artifactLocation, List<Tag> tags) {
    Validation.experimentName(name);
    Validation.artifactLocation(artifactLocation);
    List<Tag> validTags = tags == null ? List.of() : tags;
    for (Tag tag : validTags) {
      Validation.experimentTag(tag.key(), tag.value());
    }
    try {
      return tx.write(() -> {
        long now = now();
        ExperimentEntity experiment = new ExperimentEntity();
        experiment.name = name;
        experiment.artifactLocation = emptyToNull(artifactLocation);
        experiment.lifecycleStage = LifecycleStage.ACTIVE.wire();
        experiment.creationTime = now;
        experiment.lastUpdateTime = now;
        store.insert(experiment);
        if (experiment.artifactLocation == null) {
          experiment.artifactLocation =
              Uris.append(config.defaultArtifactRoot(), experiment.id.toString());
        }
        for (Tag tag : validTags) {
          store.upsertTag(experiment.id, tag.key(), tag.value());
        }
        return experiment.id.toString();
      });
    } catch (RuntimeException e) {
      if (DatabaseFailures.isDuplicateKey(e)) {
        throw new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS,
            "Experiment(name=" + name + ") already exists.");
      }
      throw e;
    }
  }

  /** Any experiment, deleted ones included. */
  public Experiment get(String experimentId) {
    ExperimentEntity experiment = find(experimentId);
    return fromEntities(experiment, store.tags(experiment.id));
  }

  /** The experiment with this exact name, deleted or not (names are never reused). */
  public Experiment getByName(String name) {
    ExperimentEntity experiment = store.findByName(name).orElseThrow(() -> MlflowException.notFound(
        "Could not find experiment with name '" + name + "'"));
    return fromEntities(experiment, store.tags(experiment.id));
  }

  /** Marks the experiment and all its runs deleted. */
  public void delete(String experimentId) {
    tx.write(() -> {
      ExperimentEntity experiment = findForUpdate(experimentId);
      if (!LifecycleStage.ACTIVE.wire().equals(experiment.lifecycleStage)) {
        throw notFound(experimentId);
      }
      long now = now();
      experiment.lifecycleStage = LifecycleStage.DELETED.wire();
      experiment.lastUpdateTime = now;
      store.setRunsLifecycle(experiment.id, LifecycleStage.DELETED.wire(), now);
    });
  }

  /** Brings a deleted experiment and all its runs back. */
  public void restore(String experimentId) {
    tx.write(() -> {
      ExperimentEntity experiment = findForUpdate(experimentId);
      if (!LifecycleStage.DELETED.wire().equals(experiment.lifecycleStage)) {
        throw notFound(experimentId);
      }
      experiment.lifecycleStage = LifecycleStage.ACTIVE.wire();
      experiment.lastUpdateTime = now();
      store.setRunsLifecycle(experiment.id, LifecycleStage.ACTIVE.wire(), null);
    });
  }

  public void rename(String experimentId, String newName) {
    Validation.experimentName(newName);
    try {
      tx.write(() -> {
        ExperimentEntity experiment = findForUpdate(experimentId);
        if (!LifecycleStage.ACTIVE.wire().equals(experiment.lifecycleStage)) {
          // MLflow answers INVALID_STATE (HTTP 500) here, which its client retries for minutes;
          // a client mistake deserves a 400.
          throw MlflowException.invalidParameter("Cannot rename a non-active experiment.");
        }
        experiment.name = newName;
        experiment.lastUpdateTime = now();
        store.flush();
      });
    } catch (RuntimeException e) {
      if (DatabaseFailures.isDuplicateKey(e)) {
        throw new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS,
            "Experiment(name=" + newName + ") already exists.");
      }
      throw e;
    }
  }

  public void setTag(String experimentId, String key, String value) {
    Validation.experimentTag(key, value);
    tx.write(() -> {
      ExperimentEntity experiment = find(experimentId);
      requireActive(experiment);
      store.upsertTag(experiment.id, key, value);
    });
  }

  public void deleteTag(String experimentId, String key) {
    tx.write(() -> {
      ExperimentEntity experiment = find(experimentId);
      requireActive(experiment);
      if (!store.deleteTag(experiment.id, key)) {
        throw MlflowException.notFound(
            "No tag with name: " + key + " in experiment with id " + experimentId);
      }
    });
  }

  static void requireActive(ExperimentEntity experiment) {
    requireActive(experiment.id, experiment.lifecycleStage);
  }

  static void requireActive(long experimentId, String lifecycleStage) {
    if (!LifecycleStage.ACTIVE.wire().equals(lifecycleStage)) {
      throw MlflowException.invalidParameter("The experiment " + experimentId
          + " must be in the 'active' state. Current state is " + lifecycleStage + ".");
    }
  }

  /** Parses a wire experiment id; ids are numeric strings, anything else names no experiment. */
  public static long parseId(String experimentId) {
    try {
      return Long.parseLong(experimentId);
    } catch (NumberFormatException e) {
      throw notFound(experimentId);
    }
  }

  public static List<Long> parseIds(Collection<String> experimentIds) {
    List<Long> ids = new ArrayList<>(experimentIds.size());
    for (String id : experimentIds) {
      try {
        ids.add(Long.parseLong(id));
      } catch (NumberFormatException e) {
        // MLflow's SQL store filters by integer id; a non-numeric id matches nothing
      }
    }
    return ids;
  }

  private ExperimentEntity find(String experimentId) {
    return store.find(parseId(experimentId)).orElseThrow(() -> notFound(experimentId));
  }

  private ExperimentEntity findForUpdate(String experimentId) {
    return store.findForUpdate(parseId(experimentId)).orElseThrow(() -> notFound(experimentId));
  }

  static MlflowException notFound(String experimentId) {
    return MlflowException.notFound("No Experiment with id=" + experimentId + " exists");
  }

  static Experiment toModel(ExperimentEntity e, List<Tag> tags) {
    return new Experiment(e.id.toString(), e.name, e.artifactLocation, e.lifecycleStage,
        e.lastUpdateTime, e.creationTime, tags);
  }

  private static Experiment fromEntities(ExperimentEntity e, List<ExperimentTagEntity> tags) {
    return toModel(e, tags.stream().map(t -> new Tag(t.key, t.value)).toList());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static long now() {
    return System.currentTimeMillis();
  }
}
