package org.labtrack.launcher;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the services and the embedded database running for as long as the launcher runs. One
 * whose process exits on its own (killed, by the kernel's OOM killer too, or out of memory: each
 * service runs with {@code -XX:+ExitOnOutOfMemoryError}) is started again; before, it stayed
 * down and the gateway answered 503 until someone restarted the whole launcher. One that exits
 * {@link #MAX_EXITS} times within {@link #WINDOW} is broken rather than unlucky, and the launcher
 * stops.
 */
final class Supervisor {
  static final int MAX_EXITS = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Duration POLL = Duration.ofMillis(500);

  /** A process the launcher started and keeps running. */
  interface Child {
    String name();

    /** Empty while it runs; once it has exited, how ("exited with 137"). */
    Optional<String> exit();

    void start() throws Exception;

    /** After {@link #start()}: waits until it serves. */
    void awaitHealthy() throws Exception;
  }

  private final Map<Child, Deque<Long>> exits = new HashMap<>();
  private boolean stopping;

  /** From the launcher's shutdown, before it stops the services: nothing is started after it. */
  synchronized void stopping() {
    stopping = true;
  }

  private synchronized boolean isStopping() {
    return stopping;
  }

  /**
   * Watches {@code children}, in this order, until the launcher stops (true) or one keeps
   * exiting (false: the caller stops the launcher).
   */
  boolean watch(List<? extends Child> children) throws Exception {
    while (!isStopping()) {
      for (Child child : children) {
        Optional<String> exit = child.exit();
        if (exit.isEmpty() || isStopping()) {
          continue;
        }
        Deque<Long> recent = exits.computeIfAbsent(child, c -> new ArrayDeque<>());
        if (tooOften(recent, System.nanoTime())) {
          Launcher.log(child.name() + " exited " + MAX_EXITS + " times within " + WINDOW
              .toMinutes() + " minutes (last: " + exit.get() + "); stopping LabTrack");
          return false;
        }
        Launcher.log(child.name() + " " + exit.get() + "; starting it again");
        restart(child);
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }

  /**
   * The start holds the lock {@link #stopping()} takes, so a stop waits for a start under way
   * (the database's start includes waiting for it to take connections) and then stops it too.
   */
  private void restart(Child child) throws Exception {
    synchronized (this) {
      if (stopping) {
        return;
      }
      try {
        child.start();
      } catch (Exception e) {
        Launcher.log(child.name() + " did not start: " + e.getMessage());
        return; // still down: counted again on the next round
      }
    }
    try {
      child.awaitHealthy();
      Launcher.log(child.name() + " is up again");
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
