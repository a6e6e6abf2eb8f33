package org.labtrack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * minio-setup.sh against a stand-in {@code mc} that records its arguments (the real MinIO needs
   * Docker): the bucket, a policy limited to it, the account, and a rerun where the policy is
   * already attached.
   */
  @Test
  void minioSetupCreatesBucketPolicyAndAccountAndToleratesARerun() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fakeMc = bin.resolve("mc");
    Files.writeString(fakeMc, """
        #!/bin/bash
        shift 2  # --config-dir DIR
        echo "$*" >> "$MC_LOG"
        case "$*" in
          "admin policy create "*) cat "$6" > "$MC_LOG.policy" ;;
          "admin policy attach "*) [ "$ALREADY_ATTACHED" = 1 ] && exit 1 ;;
          "admin user info "*) [ "$ALREADY_ATTACHED" = 1 ] && echo "PolicyName: labtrack-artifacts" ;;
        esac
        exit 0
        """);
    assertThat(fakeMc.toFile().setExecutable(true)).isTrue();
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "PATH", bin + ":" + System.getenv("PATH"), "MC_LOG", dir.resolve("mc.log").toString(),
        "MC_CONFIG_DIR", dir.resolve("mc-config").toString(),
        "MINIO_URL", "http://minio:9000", "MINIO_ROOT_USER", "root", "MINIO_ROOT_PASSWORD", "root-password-123",
        "BUCKET", "lab-bucket", "SERVICE_ACCESS_KEY", "svc", "SERVICE_SECRET_KEY", "svc-secret-1234"));
    List<String> script = List.of("sh", Repo.path("deploy/overlays/dev/minio-setup.sh").toString());

    Kustomize.Result first = Kustomize.run(dir, script, env);
    assertThat(first.exit()).as(first.output()).isZero();
    List<String> calls = Files.readAllLines(dir.resolve("mc.log"));
    assertThat(calls).hasSize(5);
    assertThat(calls.get(0)).isEqualTo("alias set labtrack http://minio:9000 root root-password-123");
    assertThat(calls.get(1)).isEqualTo("mb --ignore-existing labtrack/lab-bucket");
    assertThat(calls.get(2)).startsWith("admin policy create labtrack labtrack-artifacts ");
    assertThat(calls.get(3)).isEqualTo("admin user add labtrack svc svc-secret-1234");
    assertThat(calls.get(4)).isEqualTo("admin policy attach labtrack labtrack-artifacts --user svc");
    JsonNode policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("mc.log.policy").toFile());
    assertThat(policy.findValues("Resource").toString())
        .contains("arn:aws:s3:::lab-bucket", "arn:aws:s3:::lab-bucket/*").doesNotContain("arn:aws:s3:::*");
    assertThat(policy.toString()).doesNotContain("s3:CreateBucket", "s3:DeleteBucket", "s3:*");

    env.put("ALREADY_ATTACHED", "1");
    assertThat(Kustomize.run(dir, script, env).exit()).as("rerun with the policy attached").isZero();
    env.put("SERVICE_ACCESS_KEY", "someone-else");
    env.put("ALREADY_ATTACHED", "0");
    Files.writeString(fakeMc, Files.readString(fakeMc).replace("\"admin policy attach \"*) [ \"$ALREADY_ATTACHED\" = 1 ] && exit 1 ;;",
        "\"admin policy attach \"*) exit 1 ;;"));
    assertThat(Kustomize.run(dir, script, env).exit()).as("attach failing for another reason").isNotZero();
  }

  static String md5(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    return String.format("%032x", new BigInteger(1, digest));
  }
}
