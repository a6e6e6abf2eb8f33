package org.labtrack.artifacts.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.labtrack.artifacts.store.ArtifactStore;
import org.labtrack.artifacts.store.TrackingClient;
import org.labtrack.artifacts.store.TrackingClient.PendingArtifact;
import org.labtrack.artifacts.store.TrackingClient.PurgeRequest;
import org.labtrack.artifacts.store.TrackingClient.PurgeResult;
import org.labtrack.common.error.MlflowException;

/**
 * {@code mlflow gc} for LabTrack: tracking-service removes the rows of deleted runs, LoggedModels
 * and experiments and keeps their artifact roots pending, then the files of every pending root
 * are removed here and reported gone. Rows go first so that no restore can bring back a run whose files are
 * already gone; a root whose files could not be removed stays pending and the next purge tries
 * it again.
 */
@Singleton
public class PurgeService {
  private static final Logger LOG = Logger.getLogger(PurgeService.class);
  private static final int PAGE = 500;

  private final TrackingClient tracking;
  private final ArtifactStore store;

  PurgeService(TrackingClient tracking, ArtifactStore store) {
    this.tracking = tracking;
    this.store = store;
  }

  /** A root whose files were not removed, and why. */
  @RegisterForReflection
  public record NotRemoved(String uri, String owner, String reason) {
  }

  /** What the purge removed, or would remove in a dry run. */
  public record Report(boolean dryRun, PurgeResult removed, List<String> artifactsRemoved,
      List<NotRemoved> artifactsNotRemoved) {
  }

  public Report purge(PurgeRequest request) {
    PurgeResult removed = tracking.purge(request);
    List<String> gone = new ArrayList<>();
    List<NotRemoved> left = new ArrayList<>();
    if (!request.dryRun()) {
      long after = 0;
      for (List<PendingArtifact> page = tracking.pendingArtifacts(after, PAGE); !page.isEmpty();
          page = tracking.pendingArtifacts(after, PAGE)) {
        List<Long> done = new ArrayList<>();
        for (PendingArtifact root : page) {
          after = root.id();
          remove(root, gone, left, done);
        }
        tracking.artifactsRemoved(done);
      }
    }
    return new Report(request.dryRun(), removed, gone, left);
  }

  /**
   * Removes one root's files. A root outside this store (an experiment created with its own
   * {@code s3://} location) is reported and forgotten: nothing here can remove it. A store
   * failure leaves it pending.
   */
  private void remove(PendingArtifact root, List<String> gone, List<NotRemoved> left,
      List<Long> done) {
    ArtifactPath path;
    try {
      path = ScopedArtifactService.storePath(root.uri(), root.owner());
    } catch (MlflowException notServed) {
      LOG.warnf("Purged %s kept its files at %s, outside LabTrack's artifact store: remove "
          + "them there", root.owner(), root.uri());
      left.add(new NotRemoved(root.uri(), root.owner(), "outside LabTrack's artifact store; "
          + "remove the files where they are"));
      done.add(root.id());
      return;
    }
    try {
      store.delete(path);
      gone.add(root.uri());
      done.add(root.id());
    } catch (RuntimeException e) {
      LOG.warnf("Could not remove %s of purged %s, it stays pending: %s", root.uri(),
          root.owner(), e.getMessage());
      left.add(new NotRemoved(root.uri(), root.owner(), "the store failed (" + e.getMessage()
          + "); it stays pending and the next purge tries again"));
    }
  }
}
