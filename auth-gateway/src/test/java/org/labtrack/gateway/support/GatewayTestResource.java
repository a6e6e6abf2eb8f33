package org.labtrack.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.labtrack.gateway.auth.UserFiles;

/**
 * Everything the gateway needs around it in a test: the two services it fronts (stubs in this
 * JVM, tracking with the internal token API), a users and a roles file with {@link TestUser}s,
 * the internal secret, and timeouts short enough to test.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {
  public static final String SECRET = "test-internal-secret";
  /** Failed sign-ins before a lock-out, in tests. */
  public static final int MAX_FAILURES = 5;
  public static final int MAX_FAILURES_PER_ADDRESS = 12;
  /** A local address the gateway takes for a reverse proxy in front of it. */
  public static final String TRUSTED_PROXY = "127.0.0.9";

  private static volatile Services current;

  /** The stubs and files of the running test application. */
  public record Services(StubService tracking, StubService artifacts, StubTokenStore tokens,
      UserFiles users, Path dir) {

    /** Forgets what the stubs received. */
    public void clear() {
      tracking.clear();
      artifacts.clear();
    }
  }

  public static Services services() {
    if (current == null) {
      throw new IllegalStateException("GatewayTestResource is not running");
    }
    return current;
  }

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory("labtrack-gateway-test");
      UserFiles users = new UserFiles(dir.resolve("users.properties"),
          dir.resolve("roles.properties"));
      for (TestUser user : TestUser.values()) {
        if (user.role() != null) {
          users.putUser(user.user(), user.password().toCharArray(), user.role());
        } else {
          users.setPassword(user.user(), user.password().toCharArray());
        }
      }
      StubTokenStore tokens = new StubTokenStore(SECRET);
      StubService tracking = new StubService("tracking").with(StubTokenStore.PATH, tokens).start();
      StubService artifacts = new StubService("artifacts").start();
      current = new Services(tracking, artifacts, tokens, users, dir);
      Map<String, String> config = new HashMap<>();
      config.put("gateway.tracking-url", tracking.url());
      config.put("gateway.artifacts-url", artifacts.url());
      config.put("gateway.users-file", users.usersFile().toString());
      config.put("gateway.roles-file", users.rolesFile().toString());
      config.put("gateway.users-reload-interval", "0.2s");
      config.put("gateway.upstream.connect-timeout", "2s");
      config.put("gateway.upstream.idle-timeout", "2s");
      config.put("gateway.login.max-failures", Integer.toString(MAX_FAILURES));
      config.put("gateway.trusted-proxies", TRUSTED_PROXY);
      config.put("gateway.login.max-failures-per-address",
          Integer.toString(MAX_FAILURES_PER_ADDRESS));
      config.put("gateway.login.lockout", "30s");
      config.put("labtrack.internal.secret", SECRET);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    Services services = current;
    current = null;
    if (services == null) {
      return;
    }
    services.tracking().stop();
    services.artifacts().stop();
    deleteTree(services.dir());
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files; nothing to do
    }
  }
}
