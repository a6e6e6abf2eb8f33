package org.labtrack.artifacts.api;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.labtrack.artifacts.domain.ByteRange.UnsatisfiableRangeException;
import org.labtrack.artifacts.store.ArtifactNotFoundException;
import org.labtrack.artifacts.store.InvalidUploadException;
import org.labtrack.artifacts.store.StorageUnavailableException;
import org.labtrack.artifacts.store.TrackingClient.TrackingErrorException;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.ErrorResponse;
import org.labtrack.common.error.ExceptionTranslator;
import org.labtrack.common.error.MlflowException;

/** Storage and upstream failures in MLflow's error form. */
@Singleton
public class StorageErrors implements ExceptionTranslator {
  private static final Logger LOG = Logger.getLogger(StorageErrors.class);

  @Override
  public Optional<MlflowException> translate(Throwable failure) {
    if (failure instanceof ArtifactNotFoundException e) {
      return Optional.of(new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, e.getMessage()));
    }
    if (failure instanceof InvalidUploadException e) {
      LOG.debugf("Refused upload: %s", e.getMessage());
      return Optional.of(new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage()));
    }
    if (failure instanceof StorageUnavailableException e) {
      if (e.getCause() != null) {
        LOG.debugf(e.getCause(), "Storage failure");
      }
      return Optional.of(new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, e.getMessage()));
    }
    return Optional.empty();
  }

  @ServerExceptionMapper
  public Response unsatisfiable(UnsatisfiableRangeException e) {
    return Response.status(416)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("Content-Range", "bytes */" + e.size())
        .entity(ErrorResponse.of(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage()))
        .build();
  }

  /** tracking-service's own answer (e.g. 404 RESOURCE_DOES_NOT_EXIST for an unknown run), unchanged. */
  @ServerExceptionMapper
  public Response tracking(TrackingErrorException e) {
    return Response.status(e.status()).type(e.mediaType()).entity(e.body()).build();
  }
}
