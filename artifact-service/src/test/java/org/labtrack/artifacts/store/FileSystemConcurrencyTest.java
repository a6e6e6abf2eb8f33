package org.labtrack.artifacts.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labtrack.artifacts.domain.ArtifactPath;

/**
 * Uploads into a folder and deletes of it, at once, as a client's parallel upload threads and
 * another user's clean-up meet: each answers, none with "storage unavailable". Both used to
 * fail now and then, a delete on an entry another delete had removed, an upload on a parent
 * removed between its creation and the move into it.
 */
class FileSystemConcurrencyTest {
  @TempDir
  Path root;

  @Test
  void uploadsAndDeletesOfOneFolderDoNotFailEachOther() throws Exception {
    FileSystemArtifactStore store = new FileSystemArtifactStore(root, Duration.ofHours(1));
    store.init();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int round = 0; round < 40; round++) {
        for (int i = 0; i < 12; i++) {
          ArtifactPath file = ArtifactPath.fromEncoded("1/run/artifacts/out/a/b/f" + i + ".bin");
          work.add(pool.submit(() -> run(failures,
              () -> store.put(file, new ByteArrayInputStream(new byte[512]), 512))));
        }
        for (int i = 0; i < 3; i++) {
          work.add(pool.submit(() -> run(failures,
              () -> store.delete(ArtifactPath.fromEncoded("1/run/artifacts/out")))));
        }
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(failures).isEmpty();
  }

  private static void run(List<Throwable> failures, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }
}
