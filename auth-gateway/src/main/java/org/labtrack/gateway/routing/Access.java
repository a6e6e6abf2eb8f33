package org.labtrack.gateway.routing;

/**
 * What a caller needs to use a route. The roles are ordered: an editor may do what a reader may,
 * an admin what an editor may.
 */
public enum Access {
  /** No credentials at all ({@code GET /health}). */
  PUBLIC,
  /** Every read, including read-only POSTs such as searches. */
  READER,
  /** Reads and writes of tracking data and artifacts. */
  EDITOR,
  /** Everything, including token administration and server-side side effects (webhooks, jobs). */
  ADMIN
}
