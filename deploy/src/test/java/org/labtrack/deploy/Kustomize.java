package org.labtrack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders overlays with {@code kubectl kustomize}. Each render works on a scratch copy of
 * deploy/ whose secret inputs are made the way an operator makes them: the dev overlay's by its
 * own make-secrets.sh, production's from the committed *.env.example templates.
 */
final class Kustomize {

  static final List<String> OVERLAYS = List.of("dev", "production");

  private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

  private Kustomize() {
  }

  static Manifests render(String overlay) {
    return RENDERED.computeIfAbsent(overlay, Kustomize::renderFresh);
  }

  private static Manifests renderFresh(String overlay) {
    Path copy = scratchCopy();
    Path dir = copy.resolve("overlays").resolve(overlay);
    Path secrets = dir.resolve("secrets");
    if (overlay.equals("dev")) {
      Result r = run(copy, List.of("bash", dir.resolve("make-secrets.sh").toString()), Map.of());
      if (r.exit != 0) {
        throw new AssertionError("make-secrets.sh failed:\n" + r.output);
      }
    } else {
      fillTemplates(secrets);
      Result r = run(copy, List.of("bash", copy.resolve("scripts/labtrack-user.sh").toString(), "add", "admin", "admin"),
          Map.of("LABTRACK_USERS_FILE", secrets.resolve("users.properties").toString(),
              "LABTRACK_ROLES_FILE", secrets.resolve("roles.properties").toString(),
              "LABTRACK_PASSWORD", "test-" + UUID.randomUUID()));
      if (r.exit != 0) {
        throw new AssertionError("labtrack-user.sh failed:\n" + r.output);
      }
    }
    Result r = kustomize(dir);
    if (r.exit != 0) {
      throw new AssertionError("kubectl kustomize " + overlay + " failed:\n" + r.output);
    }
    return new Manifests(overlay, Yaml.loadAll(r.stdout));
  }

  /** Runs kubectl kustomize on a directory, returning its exit code and output. */
  static Result kustomize(Path dir) {
    return run(dir, List.of(kubectl(), "kustomize", dir.toString()), Map.of());
  }

  /** deploy/{base,overlays,scripts} copied to a temporary directory, without any secret inputs already present. */
  static Path scratchCopy() {
    try {
      // Under deploy/target, so `mvn clean` removes it with everything else.
      Path scratch = Files.createDirectories(Repo.path("deploy/target/kustomize"));
      Path target = Files.createTempDirectory(scratch, "overlay-");
      for (String part : List.of("base", "overlays", "scripts")) {
        Path from = Repo.path("deploy").resolve(part);
        try (Stream<Path> files = Files.walk(from)) {
          for (Path p : files.toList()) {
            Path rel = Repo.path("deploy").relativize(p);
            if (rel.toString().matches("overlays/[^/]+/secrets/.+") && !rel.toString().endsWith(".example")) {
              continue;
            }
            Path to = target.resolve(rel.toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(to);
            } else {
              Files.copy(p, to);
              to.toFile().setExecutable(p.toFile().canExecute());
            }
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** secrets/X.env from X.env.example, every empty value replaced by a random test value. */
  static void fillTemplates(Path secrets) {
    try (Stream<Path> files = Files.list(secrets)) {
      for (Path example : files.filter(p -> p.toString().endsWith(".env.example")).toList()) {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(example)) {
          out.append(line.endsWith("=") && !line.startsWith("#") ? line + "test-" + UUID.randomUUID() : line).append('\n');
        }
        String name = example.getFileName().toString();
        Files.writeString(secrets.resolve(name.substring(0, name.length() - ".example".length())), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kubectl from LABTRACK_KUBECTL or the PATH; a clear failure when there is none. */
  static String kubectl() {
    String configured = System.getenv("LABTRACK_KUBECTL");
    if (configured != null && !configured.isBlank()) {
      if (!Files.isExecutable(Path.of(configured))) {
        throw new AssertionError("LABTRACK_KUBECTL=" + configured + " is not an executable file.");
      }
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("kubectl was not found on the PATH. These tests render deploy/overlays/* with "
        + "`kubectl kustomize` (kubectl 1.27+ carries kustomize v5; no cluster is needed). Install kubectl, "
        + "or point LABTRACK_KUBECTL at it, and run again.");
  }

  /** Exit code, standard output, and standard error with standard output for messages. */
  record Result(int exit, String stdout, String output) {
  }

  static Result run(Path workDir, List<String> command, Map<String, String> env) {
    try {
      Path stderr = Files.createTempFile("labtrack-deploy-", ".err");
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
          .redirectError(stderr.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      String err = Files.readString(stderr);
      Files.delete(stderr);
      return new Result(p.exitValue(), out, out + err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<JsonNode> objects(String overlay) {
    return render(overlay).objects;
  }
}
