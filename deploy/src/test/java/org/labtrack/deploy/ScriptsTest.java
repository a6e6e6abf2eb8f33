package org.labtrack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator scripts: users file maintenance and the dev overlay's secret generation. */
class ScriptsTest {

  @TempDir
  Path dir;

  private Kustomize.Result user(Map<String, String> env, String... args) {
    Map<String, String> all = new java.util.HashMap<>(Map.of(
        "LABTRACK_USERS_FILE", dir.resolve("users.properties").toString(),
        "LABTRACK_ROLES_FILE", dir.resolve("roles.properties").toString()));
    all.putAll(env);
    List<String> command = new java.util.ArrayList<>(List.of("bash", Repo.path("deploy/scripts/labtrack-user.sh").toString()));
    command.addAll(List.of(args));
    return Kustomize.run(dir, command, all);
  }

  @Test
  void addStoresTheElytronDigestNeverThePasswordAndChangesReplaceTheEntry() throws Exception {
    assertThat(user(Map.of("LABTRACK_PASSWORD", "first-password-123"), "add", "alice", "reader").exit()).isZero();
    assertThat(user(Map.of("LABTRACK_PASSWORD", "second-password-456"), "add", "alice", "editor").exit()).isZero();
    assertThat(user(Map.of("LABTRACK_PASSWORD", "bob-password-7890", "LABTRACK_REALM", "Other"), "add", "bob", "admin").exit()).isZero();

    String users = Files.readString(dir.resolve("users.properties"));
    assertThat(users).doesNotContain("password");
    assertThat(users.lines()).containsExactly(
        "alice=" + md5("alice:LabTrack:second-password-456"),
        "bob=" + md5("bob:Other:bob-password-7890"));
    assertThat(Files.readString(dir.resolve("roles.properties")).lines()).containsExactly("alice=editor", "bob=admin");

    assertThat(user(Map.of(), "remove", "alice").exit()).isZero();
    assertThat(Files.readString(dir.resolve("users.properties")).lines()).containsExactly("bob=" + md5("bob:Other:bob-password-7890"));
    assertThat(Files.readString(dir.resolve("roles.properties")).lines()).containsExactly("bob=admin");
  }

  @Test
  void generatedPasswordsArePrintedOnceAndMatchTheStoredDigest() throws Exception {
    Kustomize.Result r = user(Map.of(), "add", "admin", "admin", "--generate");
    assertThat(r.exit()).isZero();
    String password = r.output().replaceAll("(?s).*shown only now: (\\S+).*", "$1");
    assertThat(password).hasSize(24).matches("[A-Za-z0-9]+");
    assertThat(Files.readString(dir.resolve("users.properties")).strip()).isEqualTo("admin=" + md5("admin:LabTrack:" + password));
  }

  @Test
  void refusesUnknownRolesShortPasswordsAndNamesThatWouldBreakTheFile() throws Exception {
    assertThat(user(Map.of("LABTRACK_PASSWORD", "long-enough-password"), "add", "carol", "superuser").output()).contains("role must be");
    assertThat(user(Map.of("LABTRACK_PASSWORD", "short"), "add", "carol", "reader").output()).contains("at least 12");
    assertThat(user(Map.of("LABTRACK_PASSWORD", "long-enough-password"), "add", "ca=rol", "reader").exit()).isNotZero();
    assertThat(user(Map.of("LABTRACK_PASSWORD", "long-enough-password"), "add", "carol", "reader").exit()).isZero();
    assertThat(Files.readString(dir.resolve("roles.properties")).strip()).isEqualTo("carol=reader");
  }

  @Test
  void makeSecretsWritesFreshRandomValuesOnceAndKeepsThemOnTheNextRun() throws Exception {
    Path first = Kustomize.scratchCopy();
    Path second = Kustomize.scratchCopy();
    for (Path copy : List.of(first, second)) {
      assertThat(Kustomize.run(copy, List.of("bash", "overlays/dev/make-secrets.sh"), Map.of()).exit()).isZero();
    }
    Path secrets = first.resolve("overlays/dev/secrets");
    String database = Files.readString(secrets.resolve("database.env"));
    assertThat(Compose.parseEnvFile(database)).containsKeys("username", "password", "root-password")
        .allSatisfy((k, v) -> assertThat(v).isNotBlank());
    assertThat(Compose.parseEnvFile(database).get("password")).hasSizeGreaterThanOrEqualTo(32);
    assertThat(database).as("two installs never share a password").isNotEqualTo(Files.readString(second.resolve("overlays/dev/secrets/database.env")));
    assertThat(Files.readString(secrets.resolve("users.properties")).strip()).matches("admin=[0-9a-f]{32}");

    Kustomize.Result again = Kustomize.run(first, List.of("bash", "overlays/dev/make-secrets.sh"), Map.of());
    assertThat(again.output()).contains("kept").doesNotContain("created");
    assertThat(Files.readString(secrets.resolve("database.env"))).isEqualTo(database);
  }

  static String md5(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    return String.format("%032x", new BigInteger(1, digest));
  }
}
