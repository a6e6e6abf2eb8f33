package org.labtrack.gateway.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.labtrack.gateway.config.GatewayConfig;
import org.labtrack.gateway.util.Lru;

/**
 * Slows down password and token guessing: after {@code gateway.login.max-failures} failed
 * sign-ins within {@code gateway.login.window}, a client address is locked out for
 * {@code gateway.login.lockout}. IPv6 clients are counted per /64, the block one host usually
 * owns. Memory is bounded: at most {@code gateway.login.max-tracked-clients} addresses are
 * remembered, the least recently failing forgotten first.
 */
@Singleton
public class LoginThrottle {
  private final int maxFailures;
  private final long windowNanos;
  private final long lockoutNanos;
  private final LongSupplier clock;
  private final Map<String, Attempts> clients;

  @Inject
  LoginThrottle(GatewayConfig config) {
    this(config.login().maxFailures(), config.login().window().toNanos(),
        config.login().lockout().toNanos(), config.login().maxTrackedClients(), System::nanoTime);
  }

  LoginThrottle(int maxFailures, long windowNanos, long lockoutNanos, int maxClients,
      LongSupplier clock) {
    this.maxFailures = Math.max(1, maxFailures);
    this.windowNanos = windowNanos;
    this.lockoutNanos = lockoutNanos;
    this.clock = clock;
    this.clients = Lru.map(maxClients);
  }

  private static final class Attempts {
    long windowStart;
    int failures;
    long lockedUntil;
  }

  /** The address a request's failed sign-ins count against. */
  public static String clientAddress(io.vertx.core.http.HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }

  /** Seconds until {@code address} may try again, or empty when it may try now. */
  public OptionalLong retryAfterSeconds(String address) {
    long now = clock.getAsLong();
    synchronized (clients) {
      Attempts a = clients.get(key(address));
      if (a == null || a.lockedUntil - now <= 0) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Math.max(1, (a.lockedUntil - now + 999_999_999L) / 1_000_000_000L));
    }
  }

  /** Records a failed sign-in; true when this failure locked the address out. */
  public boolean recordFailure(String address) {
    long now = clock.getAsLong();
    synchronized (clients) {
      Attempts a = clients.computeIfAbsent(key(address), k -> new Attempts());
      if (a.failures == 0 || now - a.windowStart > windowNanos) {
        a.windowStart = now;
        a.failures = 0;
      }
      a.failures++;
      if (a.failures >= maxFailures) {
        a.lockedUntil = now + lockoutNanos;
        a.failures = 0;
        return true;
      }
      return false;
    }
  }

  /** Addresses currently remembered (for tests and metrics). */
  public int trackedClients() {
    synchronized (clients) {
      return clients.size();
    }
  }

  /** Forgets every address. */
  public void clear() {
    synchronized (clients) {
      clients.clear();
    }
  }

  static String key(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return String.valueOf(address);
    }
    try {
      // A literal with ':' is IPv6; parsing a literal never touches DNS.
      InetAddress inet = InetAddress.getByName(address);
      if (inet instanceof Inet6Address) {
        byte[] bytes = inet.getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
      }
      return inet.getHostAddress();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
