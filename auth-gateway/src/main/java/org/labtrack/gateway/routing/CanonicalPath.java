package org.labtrack.gateway.routing;

import java.util.List;

/**
 * A request path after {@link PathNormaliser}: its decoded segments, which the route table
 * matches, and their one canonical encoding, which is exactly what gets forwarded.
 */
public record CanonicalPath(List<String> segments, String encoded) {

  public CanonicalPath {
    segments = List.copyOf(segments);
  }
}
