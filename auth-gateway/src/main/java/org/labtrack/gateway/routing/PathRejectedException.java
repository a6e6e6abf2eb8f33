package org.labtrack.gateway.routing;

/** A request path the gateway refuses to interpret, before any access decision. */
public class PathRejectedException extends Exception {
  public PathRejectedException(String message) {
    super(message, null, false, false);
  }
}
