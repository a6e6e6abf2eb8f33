package org.labtrack.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labtrack.gateway.auth.UserFiles;
import org.wildfly.security.auth.principal.NamePrincipal;
import org.wildfly.security.auth.realm.LegacyPropertiesSecurityRealm;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;

/** The user command, as an operator runs it (minus the JVM start). */
class UserCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    out.reset();
    err.reset();
    return UserCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("GATEWAY_USERS_FILE", dir.resolve("users.properties").toString(),
            "GATEWAY_ROLES_FILE", dir.resolve("roles.properties").toString()),
        null);
  }

  @Test
  void addWritesOnlyAHashThatTheExtensionsRealmAccepts() throws Exception {
    assertThat(run("a long secret pw\n", "add", "alice", "editor", "--password-stdin"))
        .as(err.toString()).isZero();
    String users = Files.readString(dir.resolve("users.properties"));
    assertThat(users).doesNotContain("a long secret pw").contains("#$REALM_NAME=LabTrack$")
        .containsPattern("(?m)^alice=[0-9a-f]{32}$");
    assertThat(Files.readString(dir.resolve("roles.properties"))).contains("alice=editor");
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("users.properties")))).isEqualTo("rw-------");
    assertThat(verifies(dir.resolve("users.properties"), "alice", "a long secret pw")).isTrue();
    assertThat(verifies(dir.resolve("users.properties"), "alice", "a long secret pX")).isFalse();
  }

  @Test
  void passwdRoleRemoveAndListKeepEveryOtherLine() throws Exception {
    run("first password 1\n", "add", "alice", "reader", "--password-stdin");
    run("bob password 0001\n", "add", "bob", "editor", "--password-stdin");
    Files.writeString(dir.resolve("users.properties"), "# kept comment\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(run("second password\n", "passwd", "alice", "--password-stdin")).isZero();
    assertThat(verifies(dir.resolve("users.properties"), "alice", "second password")).isTrue();
    assertThat(verifies(dir.resolve("users.properties"), "bob", "bob password 0001")).isTrue();
    assertThat(run("", "role", "alice", "admin")).isZero();
    assertThat(run("", "list")).isZero();
    assertThat(out.toString()).contains("alice\tadmin").contains("bob\teditor");
    assertThat(run("", "remove", "bob")).isZero();
    assertThat(run("", "list")).isZero();
    assertThat(out.toString()).contains("alice\tadmin").doesNotContain("bob");
    assertThat(Files.readString(dir.resolve("users.properties"))).contains("# kept comment");
    assertThat(Files.readString(dir.resolve("roles.properties"))).doesNotContain("bob");
  }

  @Test
  void refusesWeakOrMissingPasswordsBadNamesAndRoles() {
    assertThat(run("short\n", "add", "alice", "reader", "--password-stdin")).isEqualTo(1);
    assertThat(err.toString()).contains("at least 12");
    assertThat(run("", "add", "alice", "reader")).isEqualTo(1);
    assertThat(err.toString()).contains("--password-stdin");
    assertThat(run("long enough pw\n", "add", "al:ice", "reader", "--password-stdin"))
        .isEqualTo(1);
    assertThat(run("long enough pw\n", "add", "alice", "root", "--password-stdin"))
        .isEqualTo(2);
    assertThat(run("long enough pw\n", "passwd", "nobody", "--password-stdin")).isEqualTo(1);
    assertThat(run("", "frobnicate")).isEqualTo(2);
    assertThat(Files.exists(dir.resolve("users.properties"))).isFalse();
  }

  @Test
  void explicitFileOptionsWinOverTheEnvironment() throws Exception {
    Path other = dir.resolve("elsewhere");
    assertThat(run("a long secret pw\n", "add", "carol", "admin", "--password-stdin",
        "--users-file", other.resolve("u.properties").toString(),
        "--roles-file", other.resolve("r.properties").toString())).isZero();
    assertThat(Files.readString(other.resolve("r.properties"))).contains("carol=admin");
    assertThat(Files.exists(dir.resolve("users.properties"))).isFalse();
  }

  /** Checks a password the way the extension's properties realm does. */
  static boolean verifies(Path usersFile, String user, String password) throws Exception {
    LegacyPropertiesSecurityRealm realm = LegacyPropertiesSecurityRealm.builder()
        .setDefaultRealm(UserFiles.REALM)
        .setPlainText(false)
        .setProviders(() -> new java.security.Provider[] {new WildFlyElytronPasswordProvider()})
        .setUsersStream(Files.newInputStream(usersFile))
        .build();
    RealmIdentity identity = realm.getRealmIdentity(new NamePrincipal(user));
    return identity.exists()
        && identity.verifyEvidence(new PasswordGuessEvidence(password.toCharArray()));
  }
}
