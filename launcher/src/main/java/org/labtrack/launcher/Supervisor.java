package org.labtrack.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Keeps the services running for as long as the launcher runs. A service whose JVM exits on its
 * own (killed, or out of memory: each runs with {@code -XX:+ExitOnOutOfMemoryError}) is started
 * again; before, it stayed down and the gateway answered 503 until someone restarted the whole
 * launcher. One that exits {@link #MAX_EXITS} times within {@link #WINDOW} is broken rather
 * than unlucky, and the launcher stops.
 */
final class Supervisor {
  static final int MAX_EXITS = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Duration POLL = Duration.ofMillis(500);

  private final List<ServiceProcess> services;
  private final Map<ServiceProcess, Deque<Long>> exits = new HashMap<>();
  private boolean stopping;

  Supervisor(List<ServiceProcess> services) {
    this.services = services;
  }

  /** From the launcher's shutdown, before it stops the services: nothing is started after it. */
  synchronized void stopping() {
    stopping = true;
  }

  private synchronized boolean isStopping() {
    return stopping;
  }

  /**
   * Watches until the launcher stops (true) or a service keeps exiting (false: the caller
   * stops the launcher).
   */
  boolean watch() throws InterruptedException, IOException {
    while (!isStopping()) {
      for (ServiceProcess service : services) {
        OptionalInt status = service.exitStatus();
        if (status.isEmpty() || isStopping()) {
          continue;
        }
        Deque<Long> recent = exits.computeIfAbsent(service, s -> new ArrayDeque<>());
        if (tooOften(recent, System.nanoTime())) {
          Launcher.log(service.name() + " exited " + MAX_EXITS + " times within " + WINDOW
              .toMinutes() + " minutes (last with " + status.getAsInt() + "); stopping LabTrack");
          return false;
        }
        Launcher.log(service.name() + " exited with " + status.getAsInt()
            + "; starting it again");
        restart(service);
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }

  private void restart(ServiceProcess service) throws InterruptedException, IOException {
    synchronized (this) {
      if (stopping) {
        return;
      }
      service.start();
    }
    try {
      service.awaitHealthy();
      Launcher.log(service.name() + " is up again");
    } catch (IllegalStateException e) {
      // It exited again (counted on the next round) or the launcher is stopping it.
      if (!isStopping()) {
        Launcher.log(e.getMessage());
      }
    }
  }

  /**
   * Records an exit at {@code now} (nanoseconds) in {@code recent} and says whether it makes
   * {@link #MAX_EXITS} within {@link #WINDOW}.
   */
  static boolean tooOften(Deque<Long> recent, long now) {
    recent.addLast(now);
    while (now - recent.peekFirst() > WINDOW.toNanos()) {
      recent.removeFirst();
    }
    return recent.size() >= MAX_EXITS;
  }
}
