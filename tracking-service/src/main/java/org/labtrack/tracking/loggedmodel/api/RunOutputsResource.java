package org.labtrack.tracking.loggedmodel.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static org.labtrack.tracking.api.Api.required;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.Map;
import org.labtrack.tracking.loggedmodel.api.dto.LoggedModelMessages.LogOutputsRequest;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelService;
import org.labtrack.tracking.loggedmodel.store.LoggedModelStore.Output;
import org.labtrack.tracking.api.Api;

/** MLflow 3's LogOutputs: {@code log_model} links the run to the LoggedModel it produced. */
@Path(Api.PREFIX + "/runs/outputs")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class RunOutputsResource {
  private final LoggedModelService models;

  RunOutputsResource(LoggedModelService models) {
    this.models = models;
  }

  @POST
  public Map<String, Object> logOutputs(LogOutputsRequest req) {
    required(req, "run_id");
    String runId = required(req.runId(), "run_id");
    models.logOutputs(runId, required(req.models(), "models").stream()
        .map(m -> new Output(m == null ? null : m.modelId(),
            m == null || m.step() == null ? 0 : m.step())).toList());
    return Map.of();
  }
}
