package org.labtrack.gateway.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.auth.UserFiles;

/**
 * {@code java -jar quarkus-run.jar user add|passwd|role|remove|list ...}: manages the gateway's
 * users and roles files. Passwords are typed at a prompt that does not echo (so they stay out of
 * shell history) or, for scripts, read as one line from standard input; only their hash is
 * written. A running gateway picks the change up within {@code gateway.users-reload-interval}.
 */
public final class UserCommand {
  /** Shortest password accepted, as MLflow's own auth app requires. */
  static final int MIN_PASSWORD_LENGTH = 12;
  private static final String USAGE = String.join("\n",
      "Usage: java -jar auth-gateway/target/quarkus-app/quarkus-run.jar user COMMAND [OPTIONS]",
      "Commands:",
      "  add NAME ROLE     create NAME, or replace its password and role (asks for the password)",
      "  passwd NAME       change NAME's password (asks for it)",
      "  role NAME ROLE    change NAME's role",
      "  remove NAME       delete NAME",
      "  list              show users and roles",
      "ROLE is reader, editor or admin.",
      "Options:",
      "  --users-file PATH   default $GATEWAY_USERS_FILE, else " + UserFiles.DEFAULT_USERS_FILE,
      "  --roles-file PATH   default $GATEWAY_ROLES_FILE, else " + UserFiles.DEFAULT_ROLES_FILE,
      "  --password-stdin    read the password from standard input instead of a prompt");

  private UserCommand() {
  }

  /** Runs one command; the exit status (0 ok, 1 failure, 2 usage). */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
      Map<String, String> env, Console console) {
    List<String> words = new ArrayList<>();
    String usersFile = env.getOrDefault("GATEWAY_USERS_FILE", UserFiles.DEFAULT_USERS_FILE);
    String rolesFile = env.getOrDefault("GATEWAY_ROLES_FILE", UserFiles.DEFAULT_ROLES_FILE);
    boolean passwordStdin = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--users-file" -> {
          if (++i >= args.length) {
            return usage(err, "--users-file needs a path");
          }
          usersFile = args[i];
        }
        case "--roles-file" -> {
          if (++i >= args.length) {
            return usage(err, "--roles-file needs a path");
          }
          rolesFile = args[i];
        }
        case "--password-stdin" -> passwordStdin = true;
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> words.add(args[i]);
      }
    }
    if (words.isEmpty()) {
      return usage(err, "no command given");
    }
    UserFiles files = new UserFiles(Path.of(usersFile), Path.of(rolesFile));
    try {
      return switch (words.get(0)) {
        case "add" -> words.size() != 3 ? usage(err, "add needs NAME and ROLE")
            : add(files, words.get(1), words.get(2), passwordStdin, in, out, err, console);
        case "passwd" -> words.size() != 2 ? usage(err, "passwd needs NAME")
            : passwd(files, words.get(1), passwordStdin, in, out, err, console);
        case "role" -> words.size() != 3 ? usage(err, "role needs NAME and ROLE")
            : role(files, words.get(1), words.get(2), out, err);
        case "remove" -> words.size() != 2 ? usage(err, "remove needs NAME")
            : remove(files, words.get(1), out, err);
        case "list" -> words.size() != 1 ? usage(err, "list takes no arguments")
            : list(files, out);
        default -> usage(err, "unknown command '" + words.get(0) + "'");
      };
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static int add(UserFiles files, String user, String roleName, boolean stdin,
      InputStream in, PrintStream out, PrintStream err, Console console) throws IOException {
    UserFiles.requireValidName(user);
    Optional<Role> role = Role.parse(roleName);
    if (role.isEmpty()) {
      return usage(err, "ROLE must be reader, editor or admin, not '" + roleName + "'");
    }
    char[] password = readPassword(user, stdin, in, err, console);
    if (password == null) {
      return 1;
    }
    try {
      boolean existed = files.readUsers().containsKey(user);
      files.putUser(user, password, role.get());
      out.println((existed ? "Updated" : "Added") + " user '" + user + "' (" + roleName
          + ") in " + files.usersFile() + " and " + files.rolesFile() + ".");
      return 0;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static int passwd(UserFiles files, String user, boolean stdin, InputStream in,
      PrintStream out, PrintStream err, Console console) throws IOException {
    if (!files.readUsers().containsKey(user)) {
      err.println("error: no user '" + user + "' in " + files.usersFile()
          + "; use 'user add " + user + " ROLE'.");
      return 1;
    }
    char[] password = readPassword(user, stdin, in, err, console);
    if (password == null) {
      return 1;
    }
    try {
      files.setPassword(user, password);
      out.println("Changed the password of '" + user + "'.");
      return 0;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static int role(UserFiles files, String user, String roleName, PrintStream out,
      PrintStream err) throws IOException {
    Optional<Role> role = Role.parse(roleName);
    if (role.isEmpty()) {
      return usage(err, "ROLE must be reader, editor or admin, not '" + roleName + "'");
    }
    if (!files.readUsers().containsKey(user)) {
      err.println("error: no user '" + user + "' in " + files.usersFile() + ".");
      return 1;
    }
    files.setRole(user, role.get());
    out.println("'" + user + "' is now " + role.get().fileName() + ".");
    return 0;
  }

  private static int remove(UserFiles files, String user, PrintStream out, PrintStream err)
      throws IOException {
    if (!files.removeUser(user)) {
      err.println("error: no user '" + user + "' in " + files.usersFile() + ".");
      return 1;
    }
    out.println("Removed '" + user + "'. Their access tokens stop working with them.");
    return 0;
  }

  private static int list(UserFiles files, PrintStream out) throws IOException {
    Map<String, String> roles = files.readRoles();
    for (String user : files.readUsers().keySet()) {
      out.println(user + "\t" + roles.getOrDefault(user, "(no role)"));
    }
    return 0;
  }

  private static char[] readPassword(String user, boolean stdin, InputStream in,
      PrintStream err, Console console) throws IOException {
    char[] password;
    if (stdin) {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .readLine();
      password = line == null ? new char[0] : line.toCharArray();
    } else if (console == null) {
      err.println("error: no terminal to ask for the password; pipe it in with "
          + "--password-stdin.");
      return null;
    } else {
      password = console.readPassword("Password for %s: ", user);
      char[] again = console.readPassword("Repeat the password: ");
      if (password == null || again == null || !Arrays.equals(password, again)) {
        err.println("error: the passwords differ.");
        return null;
      }
      Arrays.fill(again, '\0');
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      err.println("error: passwords need at least " + MIN_PASSWORD_LENGTH + " characters.");
      Arrays.fill(password, '\0');
      return null;
    }
    return password;
  }

  private static int usage(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.println(USAGE);
    return 2;
  }
}
