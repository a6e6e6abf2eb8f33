package org.labtrack.artifacts.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import org.labtrack.artifacts.domain.PurgeService;
import org.labtrack.artifacts.domain.PurgeService.NotRemoved;
import org.labtrack.artifacts.domain.PurgeService.Report;
import org.labtrack.artifacts.store.TrackingClient.Kept;
import org.labtrack.artifacts.store.TrackingClient.PurgeRequest;

/**
 * {@code POST /api/labtrack/v1/gc}: removes deleted runs, LoggedModels and experiments and their
 * files for good, with {@code mlflow gc}'s options. The gateway lets only admins call it.
 */
@Path("/{prefix: api|ajax-api}/labtrack/v1/gc")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class PurgeResource {
  private final PurgeService purges;

  PurgeResource(PurgeService purges) {
    this.purges = purges;
  }

  /** Every list is present, empty or not, so a script reads the answer without guards. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record GcResponse(@JsonProperty("dry_run") boolean dryRun,
      @JsonProperty("run_ids") List<String> runIds,
      @JsonProperty("experiment_ids") List<String> experimentIds,
      @JsonProperty("logged_model_ids") List<String> loggedModelIds,
      @JsonProperty("kept") List<Kept> kept,
      @JsonProperty("artifacts_removed") List<String> artifactsRemoved,
      @JsonProperty("artifacts_not_removed") List<NotRemoved> artifactsNotRemoved) {
  }

  /**
   * The body is passed on to tracking-service as it came; none purges everything deleted, as an
   * empty one does.
   */
  @POST
  public GcResponse gc(PurgeRequest body) {
    Report report = purges.purge(body == null ? new PurgeRequest(null, null, null, null, false)
        : body);
    return new GcResponse(report.dryRun(), orEmpty(report.removed().runIds()),
        orEmpty(report.removed().experimentIds()), orEmpty(report.removed().loggedModelIds()),
        orEmpty(report.removed().kept()),
        report.artifactsRemoved(), report.artifactsNotRemoved());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
