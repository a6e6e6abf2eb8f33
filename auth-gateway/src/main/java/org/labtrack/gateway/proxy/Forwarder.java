package org.labtrack.gateway.proxy;

import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;
import io.quarkus.runtime.configuration.MemorySize;
import java.net.ConnectException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.gateway.auth.GatewayIdentity;
import org.labtrack.gateway.http.Replies;
import org.labtrack.gateway.routing.Upstream;

/**
 * Passes an authorised request to its service and the answer back, streaming both bodies with
 * back-pressure (memory stays flat for a 5 GiB artifact either way). Status, headers and bodies
 * of the service pass untouched except hop-by-hop headers. A service that cannot be reached or
 * stops answering becomes MLflow's retryable 503 {@code TEMPORARILY_UNAVAILABLE}, never a hang.
 *
 * <p>Written on Vert.x's client directly rather than vertx-http-proxy's {@code HttpProxy}, which
 * answers failures with an empty 502, forwards headers named in {@code Connection} (h2c's
 * {@code HTTP2-Settings}) and passes {@code Expect} on; here the gateway answers
 * {@code 100-continue} itself, and only after the caller is authorised.
 */
@Singleton
public class Forwarder {
  private static final Logger LOG = Logger.getLogger(Forwarder.class);

  private final UpstreamClients clients;
  private final ForwardedHeaders forwardedHeaders;
  private final long maxBodySize;

  Forwarder(UpstreamClients clients, ForwardedHeaders forwardedHeaders,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
    this.clients = clients;
    this.forwardedHeaders = forwardedHeaders;
    // The gateway's handler runs before Quarkus' own limit check, so it applies the limit itself
    // to announced lengths; chunked bodies are bounded by the service that stores them.
    this.maxBodySize = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
  }

  /**
   * Forwards {@code request} to {@code upstream} as {@code uri} (the canonical path plus the raw
   * query), on behalf of {@code identity} (null for unauthenticated routes).
   */
  public void forward(HttpServerRequest request, Upstream upstream, String uri,
      GatewayIdentity identity) {
    String transferEncoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
    boolean chunked = transferEncoding != null;
    if (chunked && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
      Replies.error(request, ErrorCode.BAD_REQUEST,
          "Unsupported Transfer-Encoding '" + transferEncoding + "'.");
      return;
    }
    long length = -1;
    String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (contentLength != null && !chunked) {
      try {
        length = Long.parseLong(contentLength.trim());
      } catch (NumberFormatException e) {
        length = -2;
      }
      if (length < 0) {
        Replies.error(request, ErrorCode.BAD_REQUEST, "Invalid Content-Length.");
        return;
      }
      if (length > maxBodySize) {
        Replies.error(request, 413, ErrorCode.RESOURCE_EXHAUSTED, "The request body ("
            + length + " bytes) is larger than the gateway accepts (" + maxBodySize
            + " bytes).", null);
        return;
      }
    }
    boolean hasBody = chunked || length > 0;
    long announced = length;
    RequestOptions options = clients.request(upstream, request.method(), uri)
        .setHeaders(forwardedHeaders.forUpstream(request, identity));
    if (length >= 0) {
      options.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    }
    HttpServerResponse response = request.response();
    clients.target(upstream).client().request(options).onComplete(ar -> {
      if (ar.failed()) {
        unavailable(request, upstream, ar.cause());
        return;
      }
      HttpClientRequest outbound = ar.result();
      outbound.setChunked(chunked);
      outbound.response().onComplete(answer -> relay(request, upstream, outbound, answer,
          announced));
      response.closeHandler(closed -> outbound.reset());
      if (hasBody) {
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
          response.writeContinue();
        }
        request.pipeTo(outbound).onFailure(failure -> outbound.reset(0, failure));
      } else {
        // Quarkus hands requests over paused; let the (empty) request end so the connection
        // can serve the next one.
        request.resume();
        outbound.end();
      }
    });
  }

  /** {@code length}: the request's Content-Length, or -1 when chunked or absent. */
  private void relay(HttpServerRequest request, Upstream upstream, HttpClientRequest outbound,
      AsyncResult<HttpClientResponse> answer, long length) {
    HttpServerResponse response = request.response();
    if (answer.failed()) {
      unavailable(request, upstream, answer.cause());
      return;
    }
    HttpClientResponse upstreamResponse = answer.result();
    if (response.ended() || response.closed()) {
      outbound.reset();
      return;
    }
    response.setStatusCode(upstreamResponse.statusCode());
    if (upstreamResponse.statusMessage() != null) {
      response.setStatusMessage(upstreamResponse.statusMessage());
    }
    response.headers().addAll(ForwardedHeaders.forClient(upstreamResponse.headers()));
    // The service answered before it had the whole upload (a refusal): the rest of the body will
    // not be read, so this connection closes after the answer, and the client must know it or
    // it would send its next request into a closed connection. A body that has fully arrived
    // but whose end is still queued behind back-pressure is no reason to close.
    boolean closeAfter = !request.isEnded()
        && !(length >= 0 && request.bytesRead() >= length);
    if (closeAfter) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    boolean bodyless = request.method() == HttpMethod.HEAD
        || upstreamResponse.statusCode() == 204 || upstreamResponse.statusCode() == 304;
    if (!bodyless && upstreamResponse.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
      response.setChunked(true);
    }
    upstreamResponse.pipeTo(response).onComplete(done -> {
      if (done.failed()) {
        LOG.debugf("Relaying the answer of %s broke off: %s", upstream.serviceName(),
            done.cause().getMessage());
        response.reset();
        outbound.reset();
      } else if (closeAfter) {
        request.connection().close();
      }
    });
  }

  private static void unavailable(HttpServerRequest request, Upstream upstream, Throwable cause) {
    String reason = cause instanceof ConnectException ? "cannot be reached"
        : cause instanceof TimeoutException ? "did not answer in time"
        : "did not answer (" + cause.getMessage() + ")";
    LOG.warnf("%s %s: %s %s", request.method(), request.path(), upstream.serviceName(), reason);
    Replies.error(request, ErrorCode.TEMPORARILY_UNAVAILABLE,
        "LabTrack's " + upstream.serviceName() + " " + reason + "; please retry shortly.");
  }
}
