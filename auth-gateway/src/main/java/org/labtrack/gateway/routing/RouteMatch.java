package org.labtrack.gateway.routing;

import java.util.Set;

/** The route table's answer for one method and path. */
public sealed interface RouteMatch {

  /** A route in the table fits the method and path. */
  record Found(Route route) implements RouteMatch {
  }

  /** The path is known but not for this method. */
  record MethodNotAllowed(Set<String> allowed) implements RouteMatch {
  }

  /** No route in the table: refused, never forwarded. */
  record NotFound() implements RouteMatch {
  }
}
