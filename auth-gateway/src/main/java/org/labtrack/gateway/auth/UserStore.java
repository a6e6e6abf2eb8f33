package org.labtrack.gateway.auth;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.labtrack.gateway.config.GatewayConfig;
import org.wildfly.security.auth.principal.NamePrincipal;
import org.wildfly.security.auth.realm.LegacyPropertiesSecurityRealm;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.auth.server.RealmUnavailableException;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;

/**
 * The users and roles the gateway knows, read from the two properties files at run time and
 * re-read when they change, so {@code user add} takes effect without a restart.
 *
 * <p>Why not the extension's own file realm: every {@code quarkus.security.users.file.*} key is
 * fixed at build time (the path included), and that realm reads the file once, at start-up,
 * before application code could create the first admin. So the extension's file realm is
 * switched off and this class loads the same file format into the same Elytron realm class the
 * extension uses ({@link LegacyPropertiesSecurityRealm}, non-plain-text, realm
 * {@value UserFiles#REALM}), from paths given at run time ({@code GATEWAY_USERS_FILE},
 * {@code GATEWAY_ROLES_FILE}).
 */
@Singleton
public class UserStore {
  private static final Logger LOG = Logger.getLogger(UserStore.class);
  private static final Provider[] PROVIDERS = {new WildFlyElytronPasswordProvider()};
  private static final String BOOTSTRAP_USER = "admin";

  private final GatewayConfig config;
  private final UserFiles files;
  private final Vertx vertx;
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private long timerId = -1;

  UserStore(GatewayConfig config, Vertx vertx) {
    this.config = config;
    this.files = new UserFiles(config.usersFile(), config.rolesFile());
    this.vertx = vertx;
  }

  private record Stamp(Object fileKey, long modified, long size) {
    static Stamp of(Path file) throws IOException {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
      } catch (NoSuchFileException e) {
        return null;
      }
    }
  }

  /** {@code hashes}: each usable user's stored password hash. */
  private record Snapshot(LegacyPropertiesSecurityRealm realm, Map<String, String> hashes,
      Map<String, Role> roles, Stamp usersStamp, Stamp rolesStamp) {
    static final Snapshot EMPTY = new Snapshot(null, Map.of(), Map.of(), null, null);
  }

  void start(@Observes @Priority(10) StartupEvent event) {
    if (config.bootstrapAdmin() && !Files.exists(config.usersFile())) {
      bootstrapAdmin();
    }
    reloadIfChanged();
    long interval = Math.max(100, config.usersReloadInterval().toMillis());
    timerId = vertx.setPeriodic(interval, id -> vertx.executeBlocking(() -> {
      reloadIfChanged();
      return null;
    }, false));
  }

  void stop(@Observes ShutdownEvent event) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  /** The two files this store reads. */
  public UserFiles files() {
    return files;
  }

  /** Whether {@code password} is {@code user}'s current password. */
  public boolean verify(String user, char[] password) {
    LegacyPropertiesSecurityRealm realm = snapshot.realm();
    if (realm == null || !UserFiles.USER_NAME.matcher(user).matches()) {
      return false;
    }
    try {
      RealmIdentity identity = realm.getRealmIdentity(new NamePrincipal(user));
      try {
        return identity.exists() && identity.verifyEvidence(new PasswordGuessEvidence(password));
      } finally {
        identity.dispose();
      }
    } catch (RealmUnavailableException e) {
      LOG.warnf("Password check for '%s' failed: %s", user, e.getMessage());
      return false;
    }
  }

  /** Whether the users file has a usable (hashed) entry for {@code user}. */
  public boolean exists(String user) {
    return snapshot.hashes().containsKey(user);
  }

  /**
   * The user's stored password hash, which changes with every new password; empty when the user
   * is gone. Web UI sessions are signed over it.
   */
  public Optional<String> credentialStamp(String user) {
    return Optional.ofNullable(snapshot.hashes().get(user));
  }

  /** A user's current role; empty when the user is gone from the users file or has no role. */
  public Optional<Role> roleOf(String user) {
    return Optional.ofNullable(snapshot.roles().get(user));
  }

  /** Re-reads the files when either changed since the last read. */
  public synchronized void reloadIfChanged() {
    try {
      Stamp users = Stamp.of(files.usersFile());
      Stamp roles = Stamp.of(files.rolesFile());
      Snapshot current = snapshot;
      if (current.realm() != null && Objects.equals(users, current.usersStamp())
          && Objects.equals(roles, current.rolesStamp())) {
        return;
      }
      snapshot = load(users, roles);
    } catch (IOException | UncheckedIOException e) {
      LOG.errorf("Cannot read the users or roles file (%s); keeping the previous users. %s",
          files.usersFile(), e.getMessage());
    }
  }

  private Snapshot load(Stamp usersStamp, Stamp rolesStamp) throws IOException {
    Map<String, String> hashes = files.readUsers();
    Map<String, String> roleEntries = files.readRoles();
    StringBuilder clean = new StringBuilder("#$REALM_NAME=" + UserFiles.REALM + "$\n");
    Map<String, Role> roles = new HashMap<>();
    Map<String, String> known = new HashMap<>();
    for (Map.Entry<String, String> e : hashes.entrySet()) {
      String user = e.getKey();
      if (!UserFiles.USER_NAME.matcher(user).matches()) {
        LOG.warnf("Users file %s: '%s' is not a valid user name; ignored.", files.usersFile(),
            user);
        continue;
      }
      if (!UserFiles.isHashed(e.getValue())) {
        LOG.warnf("Users file %s: the entry for '%s' is not a hashed password (plain text?); "
            + "that user cannot sign in. Recommended action: set the password with "
            + "'user passwd %s'.", files.usersFile(), user, user);
        continue;
      }
      clean.append(user).append('=').append(e.getValue()).append('\n');
      known.put(user, e.getValue());
      Optional<Role> role = highestRole(user, roleEntries.get(user));
      if (role.isPresent()) {
        roles.put(user, role.get());
      } else {
        LOG.warnf("Roles file %s gives '%s' no role (reader, editor or admin); that user "
            + "is refused everywhere.", files.rolesFile(), user);
      }
    }
    if (usersStamp == null) {
      LOG.warnf("Users file %s does not exist: nobody can sign in. Recommended action: add a "
          + "user with 'java -jar quarkus-run.jar user add NAME ROLE' (see README).",
          files.usersFile().toAbsolutePath());
    }
    LegacyPropertiesSecurityRealm realm = LegacyPropertiesSecurityRealm.builder()
        .setDefaultRealm(UserFiles.REALM)
        .setPlainText(false)
        .setProviders(() -> PROVIDERS)
        .setUsersStream(new ByteArrayInputStream(clean.toString().getBytes(StandardCharsets.UTF_8)))
        .build();
    LOG.infof("Loaded %d users (%d with a role) from %s", hashes.size(), roles.size(),
        files.usersFile());
    return new Snapshot(realm, Map.copyOf(known), Map.copyOf(roles), usersStamp, rolesStamp);
  }

  private Optional<Role> highestRole(String user, String value) {
    Role best = null;
    if (value != null) {
      for (String name : value.split(",")) {
        Optional<Role> role = Role.parse(name);
        if (role.isEmpty() && !name.isBlank()) {
          LOG.warnf("Roles file %s: unknown role '%s' for '%s' ignored.", files.rolesFile(),
              name.trim(), user);
        }
        if (role.isPresent() && (best == null || role.get().compareTo(best) > 0)) {
          best = role.get();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private void bootstrapAdmin() {
    char[] password = randomPassword(24);
    try {
      files.putUser(BOOTSTRAP_USER, password, Role.ADMIN);
      // Straight to the console, never through the log (which may be shipped elsewhere).
      System.out.println(String.join("\n",
          "",
          "==========================================================================",
          " LabTrack created its first user.",
          "   user:     " + BOOTSTRAP_USER,
          "   password: " + new String(password),
          " This is the only time the password is shown; only its hash is stored in",
          "   " + files.usersFile().toAbsolutePath(),
          " Change it with:",
          "   java -jar auth-gateway/target/quarkus-app/quarkus-run.jar user passwd admin",
          "==========================================================================",
          ""));
      System.out.flush();
      LOG.infof("Created user '%s' (admin) in %s; its password was printed on the console.",
          BOOTSTRAP_USER, files.usersFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the first admin in " + files.usersFile(), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  static char[] randomPassword(int length) {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    char[] password = new char[length];
    for (int i = 0; i < length; i++) {
      password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return password;
  }
}
