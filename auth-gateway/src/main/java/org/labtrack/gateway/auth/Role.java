package org.labtrack.gateway.auth;

import java.util.Locale;
import java.util.Optional;
import org.labtrack.gateway.routing.Access;

/** The roles a user can hold in the roles file, weakest first. */
public enum Role {
  READER,
  EDITOR,
  ADMIN;

  /** Whether this role may use a route that needs {@code access}. */
  public boolean grants(Access access) {
    return switch (access) {
      case PUBLIC -> true;
      case READER -> true;
      case EDITOR -> this != READER;
      case ADMIN -> this == ADMIN;
    };
  }

  /** The name as written in the roles file. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String name) {
    for (Role role : values()) {
      if (role.fileName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
