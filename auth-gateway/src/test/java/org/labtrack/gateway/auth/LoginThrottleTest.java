package org.labtrack.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LoginThrottle throttle = new LoginThrottle(3, TimeUnit.SECONDS.toNanos(60),
      TimeUnit.SECONDS.toNanos(30), 100, now::get);

  @Test
  void locksOutAfterTooManyFailuresWithinTheWindow() {
    assertThat(throttle.recordFailure("10.0.0.1")).isFalse();
    assertThat(throttle.recordFailure("10.0.0.1")).isFalse();
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEmpty();
    assertThat(throttle.recordFailure("10.0.0.1")).isTrue();
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).hasValue(30);
    assertThat(throttle.retryAfterSeconds("10.0.0.2")).isEmpty();
    now.addAndGet(TimeUnit.SECONDS.toNanos(29));
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).hasValue(1);
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEmpty();
  }

  @Test
  void failuresSpreadWiderThanTheWindowNeverLockOut() {
    for (int i = 0; i < 10; i++) {
      assertThat(throttle.recordFailure("10.0.0.1")).isFalse();
      assertThat(throttle.recordFailure("10.0.0.1")).isFalse();
      now.addAndGet(TimeUnit.SECONDS.toNanos(61));
    }
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEmpty();
  }

  @Test
  void rememberedAddressesAreBounded() {
    for (int i = 0; i < 1000; i++) {
      throttle.recordFailure("10.1." + (i / 256) + "." + (i % 256));
    }
    assertThat(throttle.trackedClients()).isEqualTo(100);
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() {
    throttle.recordFailure("2001:db8:1:2::1");
    throttle.recordFailure("2001:db8:1:2:ffff::9");
    throttle.recordFailure("2001:db8:1:2:abcd:0:0:1");
    assertThat(throttle.retryAfterSeconds("2001:db8:1:2::77")).isPresent();
    assertThat(throttle.retryAfterSeconds("2001:db8:1:3::1")).isEmpty();
    assertThat(LoginThrottle.key("10.0.0.1")).isEqualTo("10.0.0.1");
  }
}
