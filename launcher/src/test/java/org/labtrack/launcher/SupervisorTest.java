package org.labtrack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class SupervisorTest {
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void theFifthExitWithinTenMinutesIsTooMany() {
    Deque<Long> recent = new ArrayDeque<>();
    for (int minute = 0; minute < 4; minute++) {
      assertThat(Supervisor.tooOften(recent, minute * MINUTE)).isFalse();
    }
    assertThat(Supervisor.tooOften(recent, 4 * MINUTE)).isTrue();
  }

  @Test
  void exitsOlderThanTenMinutesAreForgotten() {
    Deque<Long> recent = new ArrayDeque<>();
    for (int exit = 0; exit < 12; exit++) {
      // one exit every three minutes: never more than four within ten
      assertThat(Supervisor.tooOften(recent, exit * 3 * MINUTE)).as("exit " + exit).isFalse();
    }
    assertThat(recent).hasSize(4);
  }
}
