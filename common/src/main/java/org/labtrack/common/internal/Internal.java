package org.labtrack.common.internal;

/** Headers that travel only between the gateway and the services behind it. */
public final class Internal {
  /** The shared secret the gateway presents; a request without it is refused by the services. */
  public static final String TOKEN_HEADER = "X-LabTrack-Internal-Token";
  /** Who the gateway authenticated. The gateway always strips it from incoming requests. */
  public static final String USER_HEADER = "X-LabTrack-User";
  /** The config key (env {@code LABTRACK_INTERNAL_SECRET}) that holds the shared secret. */
  public static final String SECRET_KEY = "labtrack.internal.secret";
  /**
   * Whether the guard runs ({@code labtrack.internal.guard}, default true). Only the gateway,
   * which is the caller the guard waits for, turns it off.
   */
  public static final String GUARD_KEY = "labtrack.internal.guard";

  private Internal() {
  }
}
