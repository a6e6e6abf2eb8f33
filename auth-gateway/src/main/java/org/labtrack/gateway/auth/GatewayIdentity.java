package org.labtrack.gateway.auth;

/**
 * Who a request runs as, once the gateway has authenticated it.
 *
 * @param user    the user name from the users file
 * @param role    the user's current role from the roles file
 * @param tokenId the access token's id when the caller used a bearer token, else null
 * @param via     how the caller proved who they are
 */
public record GatewayIdentity(String user, Role role, String tokenId, Via via) {

  /** The ways in: HTTP Basic, a bearer access token, or the web UI's session cookie. */
  public enum Via {
    BASIC, TOKEN, SESSION
  }
}
