package org.labtrack.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final String ALICE = LoginThrottle.user("alice");
  private static final String BOB = LoginThrottle.user("bob");

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LoginThrottle throttle = new LoginThrottle(3, 7, TimeUnit.SECONDS.toNanos(60),
      TimeUnit.SECONDS.toNanos(30), 100, now::get);

  @Test
  void locksAnAccountOutAfterTooManyFailuresWithinTheWindow() {
    assertThat(throttle.recordFailure("10.0.0.1", ALICE)).isFalse();
    assertThat(throttle.recordFailure("10.0.0.1", ALICE)).isFalse();
    assertThat(throttle.retryAfterSeconds("10.0.0.1", ALICE)).isEmpty();
    assertThat(throttle.recordFailure("10.0.0.1", ALICE)).isTrue();
    assertThat(throttle.retryAfterSeconds("10.0.0.1", ALICE)).hasValue(30);
    // the same account from elsewhere, and other accounts from the same address, go on
    assertThat(throttle.retryAfterSeconds("10.0.0.2", ALICE)).isEmpty();
    assertThat(throttle.retryAfterSeconds("10.0.0.1", BOB)).isEmpty();
    assertThat(throttle.retryAfterSeconds("10.0.0.1", LoginThrottle.token("lt_abc"))).isEmpty();
    now.addAndGet(TimeUnit.SECONDS.toNanos(29));
    assertThat(throttle.retryAfterSeconds("10.0.0.1", ALICE)).hasValue(1);
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(throttle.retryAfterSeconds("10.0.0.1", ALICE)).isEmpty();
  }

  @Test
  void anAddressTryingManyAccountsIsLockedOutAsAWhole() {
    for (int i = 0; i < 6; i++) {
      assertThat(throttle.recordFailure("10.0.0.1", LoginThrottle.user("u" + i))).isFalse();
    }
    assertThat(throttle.retryAfterSeconds("10.0.0.1", BOB)).isEmpty();
    assertThat(throttle.recordFailure("10.0.0.1", LoginThrottle.user("u6"))).isTrue();
    assertThat(throttle.retryAfterSeconds("10.0.0.1", BOB)).hasValue(30);
    assertThat(throttle.retryAfterSeconds("10.0.0.1", LoginThrottle.token("lt_abc"))).hasValue(30);
    assertThat(throttle.retryAfterSeconds("10.0.0.2", BOB)).isEmpty();
  }

  @Test
  void failuresSpreadWiderThanTheWindowNeverLockOut() {
    for (int i = 0; i < 10; i++) {
      assertThat(throttle.recordFailure("10.0.0.1", ALICE)).isFalse();
      assertThat(throttle.recordFailure("10.0.0.1", ALICE)).isFalse();
      now.addAndGet(TimeUnit.SECONDS.toNanos(61));
    }
    assertThat(throttle.retryAfterSeconds("10.0.0.1", ALICE)).isEmpty();
  }

  @Test
  void rememberedCountsAreBounded() {
    for (int i = 0; i < 1000; i++) {
      throttle.recordFailure("10.1." + (i / 256) + "." + (i % 256), ALICE);
    }
    assertThat(throttle.trackedClients()).isEqualTo(100);
    assertThat(LoginThrottle.user("x".repeat(10_000))).hasSize("user:".length() + 256);
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() {
    throttle.recordFailure("2001:db8:1:2::1", ALICE);
    throttle.recordFailure("2001:db8:1:2:ffff::9", ALICE);
    throttle.recordFailure("2001:db8:1:2:abcd:0:0:1", ALICE);
    assertThat(throttle.retryAfterSeconds("2001:db8:1:2::77", ALICE)).isPresent();
    assertThat(throttle.retryAfterSeconds("2001:db8:1:3::1", ALICE)).isEmpty();
    assertThat(LoginThrottle.key("10.0.0.1")).isEqualTo("10.0.0.1");
  }

  @Test
  void theAccountIsTheBasicUserOrTheTokensHash() {
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:pw:x".getBytes());
    assertThat(Authenticator.account(basic)).isEqualTo(ALICE);
    assertThat(Authenticator.account("bearer lt_abc")).isEqualTo(LoginThrottle.token("lt_abc"))
        .doesNotContain("lt_abc").isNotEqualTo(Authenticator.account("Bearer lt_abd"));
    assertThat(Authenticator.account("Basic !!!")).isEqualTo("scheme:basic");
    String noName = "Basic " + java.util.Base64.getEncoder().encodeToString(":pw:x".getBytes());
    assertThat(Authenticator.account(noName)).isEqualTo("scheme:basic");
    String utf8 = "basic " + java.util.Base64.getEncoder().encodeToString(
        "zoë:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Authenticator.account(utf8)).isEqualTo(LoginThrottle.user("zoë"));
    assertThat(Authenticator.account(null)).isEqualTo("scheme:");
  }
}
