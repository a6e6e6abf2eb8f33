package org.labtrack.tracking.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.PurgeService;
import org.labtrack.tracking.domain.PurgeService.Request;
import org.labtrack.tracking.domain.PurgeService.Result;
import org.labtrack.tracking.store.PurgeStore.PendingArtifact;

/**
 * The metadata half of a purge ({@code mlflow gc}), called by artifact-service, which removes
 * the files. Internal: the gateway's route table never exposes {@code /internal/**}, and the
 * service refuses callers without the gateway's secret.
 */
@Path("/internal/v1/purge")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class PurgeResource {
  private static final int MAX_PAGE = 1000;

  private final PurgeService purges;

  PurgeResource(PurgeService purges) {
    this.purges = purges;
  }

  public record PurgeRequest(String olderThan, List<String> runIds, List<String> experimentIds,
      List<String> loggedModelIds, Boolean dryRun) {
  }

  public record PendingList(List<PendingArtifact> artifacts) {
  }

  public record Forget(List<Long> ids) {
  }

  @POST
  public Result purge(PurgeRequest req) {
    PurgeRequest r = req == null ? new PurgeRequest(null, null, null, null, null) : req;
    return purges.purge(new Request(r.olderThan(), r.runIds(), r.experimentIds(),
        r.loggedModelIds(), Boolean.TRUE.equals(r.dryRun())));
  }

  /** Artifact roots of purged owners whose files are not yet reported gone. */
  @GET
  @Path("/artifacts")
  public PendingList pending(@RestQuery Long after, @RestQuery Integer limit) {
    int size = limit == null ? MAX_PAGE : limit;
    if (size < 1 || size > MAX_PAGE) {
      throw MlflowException.invalidParameter("limit must be between 1 and " + MAX_PAGE + ".");
    }
    return new PendingList(purges.pending(after == null ? 0 : after, size));
  }

  /** Reports the files of these pending roots gone. */
  @POST
  @Path("/artifacts/removed")
  public Map<String, Object> removed(Forget req) {
    purges.forget(req == null || req.ids() == null ? List.of() : req.ids());
    return Api.EMPTY;
  }
}
