package org.labtrack.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedded launcher's first start: {@code GATEWAY_BOOTSTRAP_ADMIN=true} and no users file
 * yet. The console is captured (and still shown) so the test can read the printed password.
 */
public class BootstrapProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(Resource.class));
  }

  /** A fresh, empty data folder and a tee on System.out. */
  public static class Resource implements QuarkusTestResourceLifecycleManager {
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static volatile Path dir;
    private PrintStream original;

    public static Path dir() {
      return dir;
    }

    public static String console() {
      synchronized (CONSOLE) {
        return CONSOLE.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public Map<String, String> start() {
      try {
        dir = Files.createTempDirectory("labtrack-gateway-bootstrap");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      original = System.out;
      OutputStream tee = new OutputStream() {
        @Override
        public void write(int b) {
          original.write(b);
          synchronized (CONSOLE) {
            CONSOLE.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          original.write(b, off, len);
          synchronized (CONSOLE) {
            CONSOLE.write(b, off, len);
          }
        }
      };
      System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
      return Map.of(
          "gateway.bootstrap-admin", "true",
          "gateway.users-file", dir.resolve("data/users.properties").toString(),
          "gateway.roles-file", dir.resolve("data/roles.properties").toString());
    }

    @Override
    public void stop() {
      if (original != null) {
        System.setOut(original);
      }
      GatewayTestResource.deleteTree(dir);
    }
  }
}
