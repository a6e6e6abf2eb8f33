package org.labtrack.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.labtrack.gateway.auth.Role;

/** The users {@link GatewayTestResource} writes into the users and roles files. */
public enum TestUser {
  ALICE("alice", "alice-password-0001", Role.READER),
  BOB("bob", "bob-password-000001", Role.EDITOR),
  CAROL("carol", "carol-password-0001", Role.ADMIN),
  /** In the users file with a valid password, but without any role. */
  DAVE("dave", "dave-password-00001", null);

  private final String user;
  private final String password;
  private final Role role;

  TestUser(String user, String password, Role role) {
    this.user = user;
    this.password = password;
    this.role = role;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Role role() {
    return role;
  }

  /** The {@code Authorization} value MLflow's client sends for this user. */
  public String basic() {
    return basic(user, password);
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
