package org.labtrack.tracking.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.store.PurgeStore;
import org.labtrack.tracking.store.PurgeStore.ExperimentState;
import org.labtrack.tracking.store.PurgeStore.PendingArtifact;
import org.labtrack.tracking.store.PurgeStore.RunState;
import org.labtrack.tracking.store.Transactions;

/**
 * Removes deleted runs and experiments for good, as {@code mlflow gc} does: with no ids, every
 * deleted run and experiment (deleted before {@code older_than}, when given); with ids, exactly
 * those, each of which must be deleted (and old enough), or nothing is removed. A deleted
 * experiment takes all its runs with it.
 *
 * <p>Beyond MLflow: a run a live model version was registered from, and an experiment holding
 * one or a LoggedModel a version was registered from, are kept and reported, because removing
 * them would leave the version without its files. Each run is removed in its own transaction
 * under its row lock, checked again there, so a restore or registration that wins the race
 * keeps the run, and a purge cut short has removed whole runs only. The run's artifact root
 * becomes pending in the same transaction; artifact-service removes the files and reports them
 * gone ({@link #pending}, {@link #forget}).
 */
@ApplicationScoped
public class PurgeService {
  private static final Logger LOG = Logger.getLogger(PurgeService.class);
  /** MLflow's {@code --older-than}: days, hours, minutes and seconds, e.g. {@code 1d2h3m4s}. */
  private static final Pattern AGE = Pattern.compile(
      "(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  private static final String DELETED = LifecycleStage.DELETED.wire();
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
      boolean dryRun) {
  }

  /** Kept although asked for or deleted: {@code runId} or {@code experimentId}, and why. */
  public record Kept(String runId, String experimentId, String reason) {
  }

  /** What was removed (or would be, in a dry run) and what was kept. */
  public record Result(List<String> runIds, List<String> experimentIds, List<Kept> kept) {
  }

  public Result purge(Request request) {
    Long before = cutoff(request.olderThan());
    Set<String> runIds = distinct(request.runIds(), "run_ids");
    Set<String> experimentIds = distinct(request.experimentIds(), "experiment_ids");
    List<Kept> kept = new ArrayList<>();
    Set<String> runs = new LinkedHashSet<>();
    List<Long> experiments = new ArrayList<>();
    if (runIds.isEmpty() && experimentIds.isEmpty()) {
      runs.addAll(store.deletedRuns(before));
      store.deletedRunsInUse(before).forEach(id -> kept.add(keptRun(id, store.versionFromRun(id)
          .map(PurgeService::registered).orElse("a model version was registered from it"))));
      experiments.addAll(store.deletedExperiments(before));
    } else {
      for (String runId : runIds) {
        checkRun(runId, before, request.olderThan());
        Optional<String> version = store.versionFromRun(runId);
        if (version.isPresent()) {
          kept.add(keptRun(runId, registered(version.get())));
        } else {
          runs.add(runId);
        }
      }
      List<String> notDeleted = new ArrayList<>();
      List<String> tooNew = new ArrayList<>();
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
            + "than the required age. Only experiments older than " + request.olderThan()
            + " can be deleted.");
      }
    }
    List<Long> purgeable = new ArrayList<>();
    Set<String> experimentRuns = new LinkedHashSet<>();
    for (long id : experiments) {
      Optional<String> version = store.versionFromExperiment(id);
      if (version.isPresent()) {
        kept.add(keptExperiment(id, version.get()));
      } else {
        purgeable.add(id);
        experimentRuns.addAll(store.runsOf(id));
      }
    }
    runs.removeAll(experimentRuns);
    if (request.dryRun()) {
      List<String> all = new ArrayList<>(runs);
      all.addAll(experimentRuns);
      return new Result(all, purgeable.stream().map(String::valueOf).toList(), kept);
    }
    List<String> removedRuns = new ArrayList<>();
    for (String runId : runs) {
      purgeRun(runId, false).ifPresentOrElse(kept::add, () -> removedRuns.add(runId));
    }
    for (String runId : experimentRuns) {
      purgeRun(runId, true).ifPresentOrElse(kept::add, () -> removedRuns.add(runId));
    }
    List<String> removedExperiments = new ArrayList<>();
    for (long id : purgeable) {
      purgeExperiment(id).ifPresentOrElse(kept::add,
          () -> removedExperiments.add(String.valueOf(id)));
    }
    LOG.infof("Purged %d runs and %d experiments; kept %d", removedRuns.size(),
        removedExperiments.size(), kept.size());
    return new Result(removedRuns, removedExperiments, kept);
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
    if (!m.matches()) {
      throw MlflowException.invalidParameter("Could not parse older_than '" + olderThan
          + "'. Expected days, hours, minutes and seconds, e.g. '1d2h3m4s' or '30d'.");
    }
    long seconds;
    try {
      seconds = Math.addExact(Math.addExact(Math.multiplyExact(number(m, 1), 86_400),
          Math.multiplyExact(number(m, 2), 3_600)),
          Math.addExact(Math.multiplyExact(number(m, 3), 60), number(m, 4)));
      return ExperimentService.now() - Math.multiplyExact(seconds, 1000);
    } catch (ArithmeticException | NumberFormatException e) {
      throw MlflowException.invalidParameter("older_than '" + olderThan + "' is too long.");
    }
  }

  private void checkRun(String runId, Long before, String olderThan) {
    RunState run = store.run(runId).orElseThrow(() -> RunService.notFound(runId));
    if (!DELETED.equals(run.lifecycleStage())) {
      throw MlflowException.invalidParameter("Run " + runId + " is not in `deleted` lifecycle "
          + "stage. Only runs in `deleted` lifecycle stage can be deleted.");
    }
    if (before != null && (run.deletedTime() == null || run.deletedTime() >= before)) {
      throw MlflowException.invalidParameter("Run " + runId + " is not older than the required "
          + "age. Only runs older than " + olderThan + " can be deleted.");
    }
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
        return Optional.of(keptRun(runId, "it was restored while the purge ran"));
      }
      Optional<String> version = store.versionFromRun(runId);
      if (version.isPresent()) {
        return Optional.of(keptRun(runId, registered(version.get())));
      }
      store.deleteRun(runId);
      if (run.artifactUri() != null && !run.artifactUri().isEmpty()) {
        store.addPending(run.artifactUri(), "run " + runId, ExperimentService.now());
      }
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
        return Optional.of(new Kept(null, String.valueOf(experimentId),
            "it was restored while the purge ran"));
      }
      Optional<String> version = store.versionFromExperiment(experimentId);
      if (version.isPresent()) {
        return Optional.of(keptExperiment(experimentId, version.get()));
      }
      long now = ExperimentService.now();
      // Runs restored and logged to since they were chosen; the lock keeps new ones out.
      for (String runId : store.runsOf(experimentId)) {
        store.lockRun(runId).ifPresent(run -> {
          store.deleteRun(runId);
          if (run.artifactUri() != null && !run.artifactUri().isEmpty()) {
            store.addPending(run.artifactUri(), "run " + runId, now);
          }
        });
      }
      for (String location : store.loggedModelLocations(experimentId)) {
        store.addPending(location, "a LoggedModel of experiment " + experimentId, now);
      }
      store.deleteExperiment(experimentId);
      return Optional.<Kept>empty();
    });
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

  private static long number(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }

  private static String registered(String version) {
    return "it is the source of model version " + version;
  }

  private static Kept keptRun(String runId, String reason) {
    return new Kept(runId, null, reason);
  }

  /** Kept because a run or LoggedModel of it is the source of {@code version}. */
  private static Kept keptExperiment(long experimentId, String version) {
    return new Kept(null, String.valueOf(experimentId),
        "a run or LoggedModel of it is the source of model version " + version);
  }

  /** Ids as MLflow's message prints a Python list of strings. */
  private static String pyList(List<String> ids) {
    return "[" + String.join(", ", ids.stream().map(id -> "'" + id + "'").toList()) + "]";
  }
}
