package org.labtrack.tracking.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.AccessTokenService;
import org.labtrack.tracking.domain.AccessTokenService.AccessToken;
import org.labtrack.tracking.domain.AccessTokenService.IssuedToken;

/**
 * The gateway's token store. Internal: the gateway's route table never exposes
 * {@code /internal/**}, and the service refuses callers without the gateway's secret.
 */
@Path("/internal/v1/tokens")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class AccessTokensResource {
  private final AccessTokenService tokens;

  AccessTokensResource(AccessTokenService tokens) {
    this.tokens = tokens;
  }

  public record IssueRequest(String user, String description, Long expiresAt) {
  }

  public record TokenList(List<AccessToken> tokens) {
  }

  public record VerifyRequest(String token) {
  }

  public record Verified(String user, String tokenId) {
  }

  @POST
  public IssuedToken issue(IssueRequest req) {
    if (req == null) {
      throw MlflowException.missingParameter("user");
    }
    return tokens.issue(req.user(), req.description(), req.expiresAt());
  }

  @GET
  public TokenList list(@RestQuery String user) {
    return new TokenList(tokens.list(user));
  }

  @DELETE
  @Path("/{id}")
  public Map<String, Object> revoke(@RestPath String id) {
    tokens.revoke(id);
    return Api.EMPTY;
  }

  @POST
  @Path("/verify")
  public Verified verify(VerifyRequest req) {
    AccessToken token = tokens.verify(req == null ? null : req.token());
    return new Verified(token.user(), token.id());
  }
}
