package org.labtrack.gateway.admin;

import io.vertx.ext.web.RoutingContext;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.gateway.GatewayHandler;
import org.labtrack.gateway.auth.GatewayIdentity;
import org.labtrack.gateway.auth.Role;

/** The caller of a gateway resource, as {@link GatewayHandler} authenticated it. */
final class Caller {
  private Caller() {
  }

  /** The caller; a resource reached without the gateway's pipeline has none and is refused. */
  static GatewayIdentity require(RoutingContext ctx) {
    GatewayIdentity identity = ctx.get(GatewayHandler.IDENTITY_KEY);
    if (identity == null) {
      throw new MlflowException(ErrorCode.UNAUTHENTICATED, "Authentication required.");
    }
    return identity;
  }

  /** The caller, who must hold {@code role}: a second lock behind the route table's. */
  static GatewayIdentity require(RoutingContext ctx, Role role) {
    GatewayIdentity identity = require(ctx);
    if (identity.role().compareTo(role) < 0) {
      throw new MlflowException(ErrorCode.PERMISSION_DENIED,
          "Permission denied: this needs the " + role.fileName() + " role.");
    }
    return identity;
  }
}
