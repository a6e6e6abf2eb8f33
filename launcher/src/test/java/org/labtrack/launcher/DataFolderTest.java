package org.labtrack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

  @Test
  void aSecondClaimNamesTheLauncherThatHoldsTheFolder(@TempDir Path data) throws Exception {
    DataFolder.claim(data);
    long self = ProcessHandle.current().pid();
    assertThat(Files.readString(data.resolve("launcher.lock"))).isEqualTo(Long.toString(self));
    assertThatThrownBy(() -> DataFolder.claim(data))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Another LabTrack launcher (pid " + self + ") is running on the "
            + "data folder " + data);
  }

  @Test
  void stopsOnlyProcessesMarkedWithThisFolder(@TempDir Path root) throws Exception {
    DataFolder folder = DataFolder.claim(Files.createDirectory(root.resolve("ours")));
    Path other = Files.createDirectory(root.resolve("other"));
    Process leftover = marked(folder.serviceMark());
    Process database = marked("--datadir=/some/db");
    Process stranger = marked("-Dlabtrack.data-folder=" + other.toRealPath());
    try {
      folder.stopLeftovers("--datadir=/some/db");
      assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(database.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stranger.isAlive()).as("another folder's process").isTrue();
    } finally {
      for (Process process : new Process[] {leftover, database, stranger}) {
        process.destroyForcibly();
      }
    }
  }

  /** A shell that waits for ever, with {@code mark} among its arguments. */
  private static Process marked(String mark) throws Exception {
    return new ProcessBuilder("/bin/sh", "-c", "while :; do sleep 1; done", mark).start();
  }
}
