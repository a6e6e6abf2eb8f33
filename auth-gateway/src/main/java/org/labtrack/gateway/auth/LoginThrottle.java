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
import org.labtrack.gateway.tokens.TokenVerifier;
import org.labtrack.gateway.util.Lru;

/**
 * Slows down password and token guessing. Failed sign-ins are counted per client address and
 * account (a user name, or a bearer token, kept as its hash): after
 * {@code gateway.login.max-failures} within {@code gateway.login.window}, that account is locked
 * out from that address for {@code gateway.login.lockout}. Counting per address alone locked out
 * everyone behind one address (a NAT, a shared notebook host, the Kubernetes Ingress) when one
 * client kept a stale password. An address is still locked out as a whole after
 * {@code gateway.login.max-failures-per-address} failures, so that trying many user names from
 * it (password spraying) stays slow. IPv6 clients are counted per /64, the block one host
 * usually owns. Memory is bounded: at most {@code gateway.login.max-tracked-clients} counts are
 * remembered, the least recently failing forgotten first.
 */
@Singleton
public class LoginThrottle {
  private final int maxFailures;
  private final int maxFailuresPerAddress;
  private final long windowNanos;
  private final long lockoutNanos;
  private final LongSupplier clock;
  private final Map<String, Attempts> clients;

  @Inject
  LoginThrottle(GatewayConfig config) {
    this(config.login().maxFailures(), config.login().maxFailuresPerAddress(),
        config.login().window().toNanos(), config.login().lockout().toNanos(),
        config.login().maxTrackedClients(), System::nanoTime);
  }

  LoginThrottle(int maxFailures, int maxFailuresPerAddress, long windowNanos, long lockoutNanos,
      int maxClients, LongSupplier clock) {
    this.maxFailures = Math.max(1, maxFailures);
    this.maxFailuresPerAddress = Math.max(this.maxFailures, maxFailuresPerAddress);
    this.windowNanos = windowNanos;
    this.lockoutNanos = lockoutNanos;
    this.clock = clock;
    this.clients = Lru.map(maxClients);
  }

  private static final class Attempts {
    long windowStart;
    int failures;
    boolean locked;
    long lockedUntil;
  }

  /**
   * The account a user name's failed sign-ins count against. A name is cut at 256 characters,
   * so that what a client sends cannot make a remembered count large.
   */
  public static String user(String name) {
    return "user:" + (name.length() > 256 ? name.substring(0, 256) : name);
  }

  /**
   * The account a bearer token's failed sign-ins count against: the token itself, by its hash.
   * A revoked token that many workers still send locks out that token only; guessing tokens,
   * a new account at each guess, meets the limit per address.
   */
  public static String token(String token) {
    return "token:" + TokenVerifier.hash(token).substring(0, 32);
  }

  /**
   * Seconds until {@code account} may try again from {@code address}, or empty when it may try
   * now.
   */
  public OptionalLong retryAfterSeconds(String address, String account) {
    long now = clock.getAsLong();
    String client = key(address);
    synchronized (clients) {
      long lockedFor = Math.max(remaining(clients.get(client), now),
          remaining(clients.get(client + " " + account), now));
      return lockedFor <= 0 ? OptionalLong.empty()
          : OptionalLong.of(Math.max(1, (lockedFor + 999_999_999L) / 1_000_000_000L));
    }
  }

  /** Records a failed sign-in; true when this failure locked the account or the address out. */
  public boolean recordFailure(String address, String account) {
    long now = clock.getAsLong();
    String client = key(address);
    synchronized (clients) {
      boolean accountLocked = count(client + " " + account, maxFailures, now);
      return count(client, maxFailuresPerAddress, now) || accountLocked;
    }
  }

  private boolean count(String key, int max, long now) {
    Attempts a = clients.computeIfAbsent(key, k -> new Attempts());
    if (a.failures == 0 || now - a.windowStart > windowNanos) {
      a.windowStart = now;
      a.failures = 0;
    }
    a.failures++;
    if (a.failures >= max) {
      a.locked = true;
      a.lockedUntil = now + lockoutNanos;
      a.failures = 0;
      return true;
    }
    return false;
  }

  private static long remaining(Attempts a, long now) {
    return a == null || !a.locked ? 0 : a.lockedUntil - now;
  }

  /** Counts currently remembered, of addresses and of accounts (for tests and metrics). */
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
