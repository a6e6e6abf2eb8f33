package org.labtrack.tracking.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.store.PurgeStore;
import org.labtrack.tracking.store.PurgeStore.ExperimentState;
import org.labtrack.tracking.store.PurgeStore.ModelState;
import org.labtrack.tracking.store.PurgeStore.PendingArtifact;
import org.labtrack.tracking.store.PurgeStore.RunState;
import org.labtrack.tracking.store.Transactions;

/**
 * Removes deleted runs, LoggedModels and experiments for good, as {@code mlflow gc} does, with its
 * checks and messages: a named one must be deleted (and deleted before {@code older_than}), or
 * nothing is removed; a deleted experiment takes all its runs and LoggedModels with it.
 *
 * <p>Two choices differ from {@code mlflow gc}. With no ids, every deleted run, LoggedModel and
 * experiment old enough goes, as there; but with ids, only what they name (MLflow's command,
 * given run ids, still takes every deleted experiment). And a run, LoggedModel or experiment that
 * a live model version was registered from, or whose files a version's are among, is kept and
 * reported: removing it would leave the version without its files.
 *
 * <p>Each run and model is removed in its own transaction under its row lock and checked again
 * there, so a restore or a registration that wins the race keeps it, and a purge cut short has
 * removed whole runs only. The artifact root becomes pending in the same transaction;
 * artifact-service removes the files and reports them gone ({@link #pending}, {@link #forget}).
 */
@ApplicationScoped
public class PurgeService {
  private static final Logger LOG = Logger.getLogger(PurgeService.class);
  /** MLflow's {@code --older-than}: days, hours, minutes and seconds, fractions allowed. */
  private static final Pattern AGE = Pattern.compile(
      "(?:([.\\d]+)d)?(?:([.\\d]+)h)?(?:([.\\d]+)m)?(?:([.\\d]+)s)?");
  private static final long[] AGE_UNITS_MS = {86_400_000L, 3_600_000L, 60_000L, 1000L};
  private static final String DELETED = LifecycleStage.DELETED.wire();
  private static final String RESTORED = "it was restored while the purge ran";
  /** Bound on ids named in one request. */
  static final int MAX_IDS = 1000;

  private final PurgeStore store;
  private final Transactions tx;

  PurgeService(PurgeStore store, Transactions tx) {
    this.store = store;
    this.tx = tx;
  }

  /** What to remove: {@code olderThan} in MLflow's format or null, ids or empty lists. */
  public record Request(String olderThan, List<String> runIds, List<String> experimentIds,
      List<String> loggedModelIds, boolean dryRun) {
  }

  /** Kept although named or deleted: one of the three ids, and why. */
  public record Kept(String runId, String experimentId, String modelId, String reason) {
  }

  /** What was removed (or would be, in a dry run) and what was kept. */
  public record Result(List<String> runIds, List<String> experimentIds,
      List<String> loggedModelIds, List<Kept> kept) {
  }

  /**
   * What a purge removes, chosen before anything is: runs and models on their own, then the
   * runs of the experiments, then the experiments; and what it keeps.
   */
  private record Plan(Set<String> runs, Set<String> models, Set<String> experimentRuns,
      List<Long> experiments, List<Kept> kept) {
    Plan() {
      this(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>(), new ArrayList<>(),
          new ArrayList<>());
    }

    Result result() {
      List<String> allRuns = new ArrayList<>(runs);
      allRuns.addAll(experimentRuns);
      return new Result(allRuns, experiments.stream().map(String::valueOf).toList(),
          List.copyOf(models), kept);
    }
  }

  public Result purge(Request request) {
    Long before = cutoff(request.olderThan());
    Set<String> runIds = distinct(request.runIds(), "run_ids");
    Set<String> experimentIds = distinct(request.experimentIds(), "experiment_ids");
    Set<String> modelIds = distinct(request.loggedModelIds(), "logged_model_ids");
    Plan plan = runIds.isEmpty() && experimentIds.isEmpty() && modelIds.isEmpty()
        ? everythingDeleted(before)
        : named(runIds, experimentIds, modelIds, before, request.olderThan());
    return request.dryRun() ? plan.result() : carryOut(plan);
  }

  /** Artifact roots whose files are still to be removed, after {@code afterId}, oldest first. */
  public List<PendingArtifact> pending(long afterId, int limit) {
    return store.pending(afterId, limit);
  }

  /** Forgets pending roots whose files are gone. */
  public void forget(Collection<Long> ids) {
    if (!ids.isEmpty()) {
      tx.write(() -> store.removePending(ids));
    }
  }

  /**
   * {@code older_than} as a time: whatever was deleted (or last changed) before it is old enough.
   * Null when not given.
   */
  static Long cutoff(String olderThan) {
    if (olderThan == null || olderThan.isEmpty()) {
      return null;
    }
    Matcher m = AGE.matcher(olderThan);
    double ms = 0;
    try {
      if (!m.matches()) {
        throw new NumberFormatException();
      }
      for (int unit = 0; unit < AGE_UNITS_MS.length; unit++) {
        String amount = m.group(unit + 1);
        ms += amount == null ? 0 : Double.parseDouble(amount) * AGE_UNITS_MS[unit];
      }
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameter("Could not parse any time information from '"
          + olderThan + "'. Examples of valid strings: '8h', '2d8h5m20s', '2m4s'");
    }
    long now = ExperimentService.now();
    if (ms > now) {
      throw MlflowException.invalidParameter("older_than '" + olderThan + "' reaches back "
          + "before 1970: nothing is that old.");
    }
    return now - (long) ms;
  }

  private Plan everythingDeleted(Long before) {
    Plan plan = new Plan();
    // Versions name their run or model, which the queries check; one registered from a path
    // alone is rare, and only then is each candidate's root compared with the versions' files.
    boolean byPath = store.versionsByPath();
    for (String id : store.deletedRuns(before, false)) {
      choose(id, byPath ? store.versionFromRun(id) : Optional.empty(), plan.runs(), plan.kept(),
          PurgeService::keptRun);
    }
    for (String id : store.deletedRuns(before, true)) {
      store.versionFromRun(id).ifPresent(v -> plan.kept().add(keptRun(id, registered(v))));
    }
    for (String id : store.deletedModels(before, false)) {
      choose(id, byPath ? store.versionFromModel(id) : Optional.empty(), plan.models(),
          plan.kept(), PurgeService::keptModel);
    }
    for (String id : store.deletedModels(before, true)) {
      store.versionFromModel(id).ifPresent(v -> plan.kept().add(keptModel(id, registered(v))));
    }
    withExperiments(plan, store.deletedExperiments(before));
    return plan;
  }

  /** Exactly what the request names, each checked as {@code mlflow gc} checks it. */
  private Plan named(Set<String> runIds, Set<String> experimentIds, Set<String> modelIds,
      Long before, String olderThan) {
    Plan plan = new Plan();
    for (String runId : runIds) {
      RunState run = store.run(runId).orElseThrow(() -> RunService.notFound(runId));
      checkDeleted("Run " + runId, "runs", run.lifecycleStage(), run.deletedTime(), before,
          olderThan);
      choose(runId, store.versionFromRun(runId), plan.runs(), plan.kept(),
          PurgeService::keptRun);
    }
    for (String modelId : modelIds) {
      ModelState model = store.model(modelId).orElseThrow(() -> MlflowException.notFound(
          "Logged model with ID '" + modelId + "' not found."));
      checkDeleted("Logged model " + modelId, "logged models", model.lifecycleStage(),
          model.lastUpdatedTime(), before, olderThan);
      choose(modelId, store.versionFromModel(modelId), plan.models(), plan.kept(),
          PurgeService::keptModel);
    }
    List<String> notDeleted = new ArrayList<>();
    List<String> tooNew = new ArrayList<>();
    List<Long> experiments = new ArrayList<>();
    for (String id : experimentIds) {
      ExperimentState e = store.experiment(ExperimentService.parseId(id))
          .orElseThrow(() -> ExperimentService.notFound(id));
      if (!DELETED.equals(e.lifecycleStage())) {
        notDeleted.add(id);
      } else if (before != null && e.lastUpdateTime() >= before) {
        tooNew.add(id);
      }
      experiments.add(e.experimentId());
    }
    if (!notDeleted.isEmpty()) {
      throw MlflowException.invalidParameter("Experiments " + pyList(notDeleted) + " are not "
          + "in the deleted lifecycle stage. Only experiments in the deleted lifecycle stage "
          + "can be hard-deleted.");
    }
    if (!tooNew.isEmpty()) {
      throw MlflowException.invalidParameter("Experiments " + pyList(tooNew) + " are not older "
          + "than the required age. Only experiments older than " + olderThan
          + " can be deleted.");
    }
    withExperiments(plan, experiments);
    return plan;
  }

  /** MLflow's refusals of a named run or model that is not deleted, or deleted too recently. */
  private static void checkDeleted(String what, String kind, String stage, Long deletedAt,
      Long before, String olderThan) {
    if (!DELETED.equals(stage)) {
      throw MlflowException.invalidParameter(what + " is not in `deleted` lifecycle stage. "
          + "Only " + kind + " in `deleted` lifecycle stage can be deleted.");
    }
    if (before != null && (deletedAt == null || deletedAt >= before)) {
      throw MlflowException.invalidParameter(what + " is not older than the required age. "
          + "Only " + kind + " older than " + olderThan + " can be deleted.");
    }
  }

  /** Chooses {@code id} unless a live model version came from it; {@code keep} says why. */
  private static void choose(String id, Optional<String> version, Set<String> chosen,
      List<Kept> kept, BiFunction<String, String, Kept> keep) {
    if (version.isPresent()) {
      kept.add(keep.apply(id, registered(version.get())));
    } else {
      chosen.add(id);
    }
  }

  /** Adds the experiments no live version came from, with their runs; keeps the others. */
  private void withExperiments(Plan plan, List<Long> experiments) {
    for (long id : experiments) {
      Optional<String> version = store.versionFromExperiment(id);
      if (version.isPresent()) {
        plan.kept().add(keptExperiment(id, version.get()));
      } else {
        plan.experiments().add(id);
        plan.experimentRuns().addAll(store.runsOf(id));
      }
    }
    plan.runs().removeAll(plan.experimentRuns());
  }

  private Result carryOut(Plan plan) {
    List<Kept> kept = new ArrayList<>(plan.kept());
    List<String> runs = new ArrayList<>();
    for (String runId : plan.runs()) {
      purgeRun(runId, false).ifPresentOrElse(kept::add, () -> runs.add(runId));
    }
    List<String> models = new ArrayList<>();
    for (String modelId : plan.models()) {
      purgeModel(modelId).ifPresentOrElse(kept::add, () -> models.add(modelId));
    }
    for (String runId : plan.experimentRuns()) {
      purgeRun(runId, true).ifPresentOrElse(kept::add, () -> runs.add(runId));
    }
    List<String> experiments = new ArrayList<>();
    for (long id : plan.experiments()) {
      purgeExperiment(id).ifPresentOrElse(kept::add,
          () -> experiments.add(String.valueOf(id)));
    }
    LOG.infof("Purged %d runs, %d logged models and %d experiments; kept %d", runs.size(),
        models.size(), experiments.size(), kept.size());
    return new Result(runs, experiments, models, kept);
  }

  /**
   * Removes one run, or answers why it stays: restored, or registered since it was chosen. A
   * run chosen {@code withExperiment} goes while its experiment is deleted, whatever its own
   * stage (it may have been restored into the deleted experiment), as MLflow's cascade does.
   */
  private Optional<Kept> purgeRun(String runId, boolean withExperiment) {
    return tx.write(() -> {
      Optional<RunState> found = store.lockRun(runId);
      if (found.isEmpty()) {
        return Optional.<Kept>empty();
      }
      RunState run = found.get();
      if (withExperiment ? !store.shareExperiment(run.experimentId())
              .map(e -> DELETED.equals(e.lifecycleStage())).orElse(false)
          : !DELETED.equals(run.lifecycleStage())) {
        return Optional.of(keptRun(runId, RESTORED));
      }
      Optional<String> version = store.versionFromRun(runId);
      if (version.isPresent()) {
        return Optional.of(keptRun(runId, registered(version.get())));
      }
      removeRun(run, ExperimentService.now());
      return Optional.<Kept>empty();
    });
  }

  private Optional<Kept> purgeModel(String modelId) {
    return tx.write(() -> {
      Optional<ModelState> found = store.lockModel(modelId);
      if (found.isEmpty()) {
        return Optional.<Kept>empty();
      }
      if (!DELETED.equals(found.get().lifecycleStage())) {
        return Optional.of(keptModel(modelId, RESTORED));
      }
      Optional<String> version = store.versionFromModel(modelId);
      if (version.isPresent()) {
        return Optional.of(keptModel(modelId, registered(version.get())));
      }
      store.deleteModel(modelId);
      store.addPending(found.get().artifactLocation(), "logged model " + modelId,
          ExperimentService.now());
      return Optional.<Kept>empty();
    });
  }

  private Optional<Kept> purgeExperiment(long experimentId) {
    return tx.write(() -> {
      Optional<ExperimentState> found = store.lockExperiment(experimentId);
      if (found.isEmpty()) {
        return Optional.<Kept>empty();
      }
      if (!DELETED.equals(found.get().lifecycleStage())) {
        return Optional.of(new Kept(null, String.valueOf(experimentId), null, RESTORED));
      }
      Optional<String> version = store.versionFromExperiment(experimentId);
      if (version.isPresent()) {
        return Optional.of(keptExperiment(experimentId, version.get()));
      }
      long now = ExperimentService.now();
      // Runs restored and logged to since they were chosen; the lock keeps new ones out.
      for (String runId : store.runsOf(experimentId)) {
        store.lockRun(runId).ifPresent(run -> removeRun(run, now));
      }
      for (String location : store.modelLocationsOf(experimentId)) {
        store.addPending(location, "a LoggedModel of experiment " + experimentId, now);
      }
      store.deleteExperiment(experimentId);
      return Optional.<Kept>empty();
    });
  }

  /** Inside the run's transaction, under its lock. */
  private void removeRun(RunState run, long now) {
    store.deleteRun(run.runId());
    if (run.artifactUri() != null && !run.artifactUri().isEmpty()) {
      store.addPending(run.artifactUri(), "run " + run.runId(), now);
    }
  }

  private static Set<String> distinct(List<String> ids, String field) {
    if (ids == null) {
      return Set.of();
    }
    if (ids.size() > MAX_IDS) {
      throw MlflowException.invalidParameter("A purge names at most " + MAX_IDS + " "
          + field + "; got " + ids.size() + ". Purge in several requests.");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null || id.isEmpty()) {
        throw MlflowException.invalidParameter("Invalid value for parameter '" + field
            + "': an id is empty.");
      }
      distinct.add(id);
    }
    return distinct;
  }

  private static String registered(String version) {
    return "it is the source of model version " + version;
  }

  private static Kept keptRun(String runId, String reason) {
    return new Kept(runId, null, null, reason);
  }

  private static Kept keptModel(String modelId, String reason) {
    return new Kept(null, null, modelId, reason);
  }

  /** Kept because a run or LoggedModel of it is the source of {@code version}. */
  private static Kept keptExperiment(long experimentId, String version) {
    return new Kept(null, String.valueOf(experimentId), null,
        "a run or LoggedModel of it is the source of model version " + version);
  }

  /** Ids as MLflow's message prints a Python list of strings. */
  private static String pyList(List<String> ids) {
    return "[" + String.join(", ", ids.stream().map(id -> "'" + id + "'").toList()) + "]";
  }
}
