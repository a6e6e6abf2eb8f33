package org.labtrack.gateway.support;

import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.routing.Access;
import org.labtrack.gateway.routing.Route;

/**
 * What the gateway must answer a caller on a route, for matrix tests here and in the
 * integration-tests module (where real services answer the allowed calls).
 */
public final class AccessRules {
  private AccessRules() {
  }

  /** Whether a caller with {@code role} (null: no credentials or no role) may use the route. */
  public static boolean allowed(Route route, Role role) {
    return route.access() == Access.PUBLIC || (role != null && role.grants(route.access()));
  }

  /** The refusal a caller gets: 401 without credentials, 403 with credentials but too little. */
  public static int refusalStatus(boolean authenticated) {
    return authenticated ? 403 : 401;
  }

  /** A request body the route accepts as JSON, or null for GETs. */
  public static String sampleBody(Route route) {
    if (route.method().equals("GET")) {
      return null;
    }
    return route.pattern().endsWith("/labtrack/v1/tokens") ? "{\"user\":\"alice\"}" : "{}";
  }
}
