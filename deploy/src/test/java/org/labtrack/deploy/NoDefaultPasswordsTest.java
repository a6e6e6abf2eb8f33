package org.labtrack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Nothing that would be committed carries a password, secret or users file. */
class NoDefaultPasswordsTest {

  @Test
  void committableDeploymentFilesHoldNoCredentialValues() throws Exception {
    List<Path> files = committableFiles();
    assertThat(files).as("files checked").extracting(Path::toString)
        .contains("docker-compose.yml", ".env.example", "deploy/overlays/production/settings.env");
    SoftAssertions soft = new SoftAssertions();
    for (Path rel : files) {
      String name = rel.getFileName().toString();
      String text = Repo.read(Repo.path(rel.toString()));
      if (name.endsWith(".env") || name.endsWith(".env.example") || name.endsWith(".properties") && rel.startsWith("deploy")) {
        Compose.parseEnvFile(text).forEach((k, v) -> {
          if (k.matches("(?i).*(password|secret|signing|token).*") || k.matches("(?i)secret-key|access-key")) {
            soft.assertThat(v).as(rel + " " + k).isEmpty();
          }
        });
      }
      if (name.equals("users.properties") || name.equals("roles.properties")) {
        soft.fail(rel + " is a users file: it belongs to one installation and must never be committed");
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        for (JsonNode doc : Yaml.loadAll(text)) {
          soft.assertThat(doc.path("kind").asText()).as(rel + " contains no literal Secret (secretGenerator inputs only)").isNotEqualTo("Secret");
          literalCredentials(doc, rel.toString(), soft);
        }
      }
    }
    soft.assertAll();
  }

  /** env entries (Kubernetes list form or Compose map form) whose credential name carries a literal value. */
  private static void literalCredentials(JsonNode node, String where, SoftAssertions soft) {
    if (node.isObject()) {
      if (node.has("name") && node.has("value") && EnvNames.SECRET_NAME.matcher(node.path("name").asText()).matches()) {
        soft.fail(where + ": " + node.path("name").asText() + " has a literal value");
      }
      node.fields().forEachRemaining(e -> {
        if (e.getValue().isValueNode() && EnvNames.SECRET_NAME.matcher(e.getKey()).matches()
            && !e.getValue().asText().startsWith("${")) {
          soft.fail(where + ": " + e.getKey() + " is set inline");
        }
        literalCredentials(e.getValue(), where, soft);
      });
    } else if (node.isArray()) {
      node.forEach(n -> literalCredentials(n, where, soft));
    }
  }

  /** What git would commit: tracked plus untracked-but-not-ignored files; without git, a walk minus the ignored inputs. */
  private static List<Path> committableFiles() throws Exception {
    Kustomize.Result git = Kustomize.run(Repo.ROOT,
        List.of("git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "deploy", "docker-compose.yml", ".env.example"),
        Map.of());
    if (git.exit() == 0 && !git.stdout().isBlank()) {
      return git.stdout().lines().filter(l -> !l.contains("/src/test/") && Files.isRegularFile(Repo.path(l))).map(Path::of).toList();
    }
    try (Stream<Path> walk = Files.walk(Repo.path("deploy"))) {
      Stream<Path> deploy = walk.filter(Files::isRegularFile).map(Repo.ROOT::relativize)
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/test/"))
          .filter(p -> !p.toString().matches("deploy/overlays/[^/]+/secrets/.*") || p.toString().endsWith(".example"))
          .filter(p -> !p.toString().matches("deploy/compose/.*\\.properties"));
      return Stream.concat(deploy, Stream.of(Path.of("docker-compose.yml"), Path.of(".env.example"))).toList();
    }
  }
}
