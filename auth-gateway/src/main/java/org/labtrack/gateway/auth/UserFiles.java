package org.labtrack.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users and roles files, in the format of {@code quarkus-elytron-security-properties-file}
 * with {@code plain-text=false}: {@code name=HEX(MD5(name ":" realm ":" password))} in the users
 * file, {@code name=role[,role]} in the roles file, realm {@value #REALM}. Plain JDK code: the
 * add-user command runs it without starting the gateway.
 *
 * <p>Writes go to a temporary file that replaces the old one, so the running gateway never reads
 * half a file; new files are created readable by their owner only.
 */
public final class UserFiles {
  /** The realm baked into every hash; changing it would invalidate every stored password. */
  public static final String REALM = "LabTrack";
  /** Default locations, relative to the working directory, like Quarkus' own {@code config/}. */
  public static final String DEFAULT_USERS_FILE = "config/users.properties";
  public static final String DEFAULT_ROLES_FILE = "config/roles.properties";
  /** Names that need no escaping in a properties file or a Basic credential. */
  public static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{32}");
  private static final String REALM_LINE = "#$REALM_NAME=" + REALM + "$";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path usersFile;
  private final Path rolesFile;

  public UserFiles(Path usersFile, Path rolesFile) {
    this.usersFile = usersFile;
    this.rolesFile = rolesFile;
  }

  public Path usersFile() {
    return usersFile;
  }

  public Path rolesFile() {
    return rolesFile;
  }

  /** The stored form of a password: {@code HEX(MD5(user:LabTrack:password))}. */
  public static String hash(String user, char[] password) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update((user + ":" + REALM + ":").getBytes(StandardCharsets.UTF_8));
      md5.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)));
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a users-file value has the hashed form (anything else is plain text or garbage). */
  public static boolean isHashed(String value) {
    return HASH.matcher(value).matches();
  }

  /** User name to stored hash, in file order; empty when the file does not exist. */
  public Map<String, String> readUsers() throws IOException {
    return read(usersFile);
  }

  /** User name to the raw comma-separated roles value; empty when the file does not exist. */
  public Map<String, String> readRoles() throws IOException {
    return read(rolesFile);
  }

  /** Sets a user's password hash and role, creating the files when needed. */
  public void putUser(String user, char[] password, Role role) throws IOException {
    requireValidName(user);
    update(usersFile, user, hash(user, password));
    update(rolesFile, user, role.fileName());
  }

  /** Sets a user's password hash, keeping the role. */
  public void setPassword(String user, char[] password) throws IOException {
    requireValidName(user);
    update(usersFile, user, hash(user, password));
  }

  /** Sets a user's role, keeping the password. */
  public void setRole(String user, Role role) throws IOException {
    requireValidName(user);
    update(rolesFile, user, role.fileName());
  }

  /** Removes a user from both files; false when the user was not there. */
  public boolean removeUser(String user) throws IOException {
    boolean known = readUsers().containsKey(user);
    if (Files.exists(usersFile)) {
      update(usersFile, user, null);
    }
    if (Files.exists(rolesFile)) {
      update(rolesFile, user, null);
    }
    return known;
  }

  public static void requireValidName(String user) {
    if (user == null || !USER_NAME.matcher(user).matches()) {
      throw new IllegalArgumentException("User names are 1 to 64 characters: letters, digits "
          + "and . _ @ - (not first).");
    }
  }

  /** Whether group or others may read the file (false where POSIX permissions do not exist). */
  public static boolean readableByOthers(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_READ);
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return entries;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      entry(line).ifPresent(e -> entries.put(e[0], e[1]));
    }
    return entries;
  }

  private static Optional<String[]> entry(String line) {
    String trimmed = line.trim();
    if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
      return Optional.empty();
    }
    int eq = trimmed.indexOf('=');
    if (eq <= 0) {
      return Optional.empty();
    }
    return Optional.of(new String[] {trimmed.substring(0, eq).trim(),
        trimmed.substring(eq + 1).trim()});
  }

  /** Replaces (or with a null value removes) one entry, keeping every other line. */
  private void update(Path file, String user, String value) throws IOException {
    List<String> lines = new ArrayList<>();
    if (Files.exists(file)) {
      lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
    } else {
      if (file.equals(usersFile)) {
        lines.add(REALM_LINE);
        lines.add("# LabTrack gateway users: name=HEX(MD5(name:" + REALM + ":password)).");
      } else {
        lines.add("# LabTrack gateway roles: name=reader|editor|admin.");
      }
      lines.add("# Manage with: java -jar quarkus-run.jar user add NAME ROLE (see README).");
    }
    boolean replaced = false;
    List<String> out = new ArrayList<>(lines.size() + 1);
    for (String line : lines) {
      Optional<String[]> e = entry(line);
      if (e.isPresent() && e.get()[0].equals(user)) {
        if (value != null && !replaced) {
          out.add(user + "=" + value);
        }
        replaced = true;
      } else {
        out.add(line);
      }
    }
    if (!replaced && value != null) {
      out.add(user + "=" + value);
    }
    writeAtomically(file, String.join("\n", out) + "\n");
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("Another process is writing " + file + "; try again.", e);
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
