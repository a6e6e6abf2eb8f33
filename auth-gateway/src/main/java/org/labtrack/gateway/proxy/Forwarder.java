package org.labtrack.gateway.proxy;

import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import jakarta.inject.Singleton;
import io.quarkus.runtime.configuration.MemorySize;
import java.net.ConnectException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.gateway.auth.GatewayIdentity;
import org.labtrack.gateway.http.Lingering;
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
  /**
   * More than Vert.x can hold of an answer it has not handed on (a 64 KiB read window plus a
   * read): with this much still due, the answer certainly has not ended on the connection.
   */
  private static final long UNFINISHED_FOR_SURE = 1 << 20;

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
    RequestOptions options = clients.request(upstream, request.method(), uri)
        .setHeaders(forwardedHeaders.forUpstream(request, identity));
    if (length >= 0) {
      options.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    }
    send(request, upstream, options, hasBody, chunked, length, true);
  }

  /**
   * One exchange with the service. {@code mayRetry}: a bodyless GET or HEAD whose connection
   * closes before any answer, and sooner than the gateway's own idle timeout would have closed
   * it (so the service did not simply stop answering), is sent once more on a fresh connection,
   * as proxies do for idempotent requests. A pooled connection can close under a request that
   * has just been handed it.
   */
  private void send(HttpServerRequest request, Upstream upstream, RequestOptions options,
      boolean hasBody, boolean chunked, long length, boolean mayRetry) {
    boolean retryable = mayRetry && !hasBody
        && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
    long sent = System.nanoTime();
    clients.target(upstream).client().request(options).onComplete(ar -> {
      if (ar.failed()) {
        unavailable(request, upstream, ar.cause());
        return;
      }
      HttpClientRequest outbound = ar.result();
      quiet(outbound, request, upstream);
      outbound.setChunked(chunked);
      // A failed pipe must not end the exchange as if the body were complete, and must not be
      // written to once it has (Vert.x then throws from the request's handler).
      Pipe<Buffer> upload = hasBody ? request.pipe().endOnFailure(false) : null;
      outbound.response().onComplete(answer -> {
        if (answer.failed() && retryable && answer.cause() instanceof HttpClosedException
            && System.nanoTime() - sent < clients.idleTimeoutNanos()
            && !request.response().closed()) {
          LOG.debugf("%s %s: %s closed a pooled connection; sending again", request.method(),
              request.path(), upstream.serviceName());
          send(request, upstream, options, false, false, length, false);
          return;
        }
        relay(request, upstream, outbound, answer, length, upload);
      });
      if (hasBody) {
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
          request.response().writeContinue();
        }
        // The client went away mid-upload: the exchange is unfinished, so resetting it only
        // ever closes this exchange's own connection. When instead the service stopped reading,
        // its answer may be on the way (a refusal sent before the whole body), and a reset would
        // throw it away: the answer's future decides (an answer, or 503 if none comes).
        upload.to(outbound).onFailure(failure -> {
          if (request.response().closed()) {
            outbound.reset(0, failure);
          }
        });
      } else {
        // Quarkus hands requests over paused; let the (empty) request end so the connection
        // can serve the next one. A retry finds it ended already.
        if (!request.isEnded()) {
          request.resume();
        }
        outbound.end();
      }
    });
  }

  /**
   * {@code length}: the request's Content-Length, or -1 when chunked or absent; {@code upload}:
   * the pipe carrying its body to the service, or null.
   */
  private void relay(HttpServerRequest request, Upstream upstream, HttpClientRequest outbound,
      AsyncResult<HttpClientResponse> answer, long length, Pipe<Buffer> upload) {
    HttpServerResponse response = request.response();
    if (answer.failed()) {
      unavailable(request, upstream, answer.cause());
      return;
    }
    HttpClientResponse upstreamResponse = answer.result();
    if (response.ended() || response.closed()) {
      abandon(outbound, upstreamResponse, 0);
      return;
    }
    // The service answered before it had the whole upload (a refusal): the rest of the body will
    // not be read, so this connection closes after the answer, and the client must know it or
    // it would send its next request into a closed connection. A body that has fully arrived
    // but whose end is still queued behind back-pressure is no reason to close.
    boolean closeAfter = !request.isEnded()
        && !(length >= 0 && request.bytesRead() >= length);
    ErrorCode bare = bareRefusal(request, upstreamResponse);
    if (bare != null) {
      if (closeAfter) {
        stopUpload(request, upstream, outbound, upload);
      } else {
        abandon(outbound, upstreamResponse, 0);
      }
      int status = upstreamResponse.statusCode();
      Replies.error(request, status, bare, status == 413
          ? "The request body is larger than LabTrack's " + upstream.serviceName() + " accepts."
          : "LabTrack's " + upstream.serviceName() + " refused the request (HTTP " + status
              + ")" + (bare == ErrorCode.TEMPORARILY_UNAVAILABLE ? "; please retry shortly." : "."),
          null);
      return;
    }
    response.setStatusCode(upstreamResponse.statusCode());
    if (upstreamResponse.statusMessage() != null) {
      response.setStatusMessage(upstreamResponse.statusMessage());
    }
    response.headers().addAll(ForwardedHeaders.forClient(upstreamResponse.headers()));
    if (closeAfter) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    boolean bodyless = request.method() == HttpMethod.HEAD
        || upstreamResponse.statusCode() == 204 || upstreamResponse.statusCode() == 304;
    if (!bodyless && upstreamResponse.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
      response.setChunked(true);
    }
    upstreamResponse.pipe().endOnFailure(false).to(response).onComplete(done -> {
      if (done.failed()) {
        LOG.debugf("Relaying the answer of %s broke off: %s", upstream.serviceName(),
            done.cause().getMessage());
        Replies.breakOff(request);
        abandon(outbound, upstreamResponse, response.bytesWritten());
      } else if (closeAfter) {
        stopUpload(request, upstream, outbound, upload);
        Lingering.close(request);
      }
    });
    // A pipe waiting for the client to drain does not notice it left.
    response.closeHandler(gone -> abandon(outbound, upstreamResponse, response.bytesWritten()));
  }

  /**
   * The service answered without the whole upload and gets no more of it; the exchange is
   * unfinished, so the reset closes only its own connection.
   */
  private static void stopUpload(HttpServerRequest request, Upstream upstream,
      HttpClientRequest outbound, Pipe<Buffer> upload) {
    if (upload != null) {
      upload.close();
    }
    quiet(outbound, request, upstream); // closing the pipe cleared the handler
    outbound.reset();
  }

  /**
   * The code for an error a service's HTTP layer sent bare, before its application saw the
   * request (whose errors are MLflow's JSON): Quarkus refuses a body over the service's limit
   * (413) and requests while it shuts down (503) with an empty body. MLflow's clients read the
   * JSON, so the gateway answers in it, with the same status. Null for anything else, such as a
   * bodyless 416 whose headers matter.
   */
  private static ErrorCode bareRefusal(HttpServerRequest request, HttpClientResponse answer) {
    if (request.method() == HttpMethod.HEAD
        || !"0".equals(answer.getHeader(HttpHeaders.CONTENT_LENGTH))) {
      return null;
    }
    return switch (answer.statusCode()) {
      case 400, 414, 431 -> ErrorCode.BAD_REQUEST;
      case 413 -> ErrorCode.RESOURCE_EXHAUSTED;
      case 500 -> ErrorCode.INTERNAL_ERROR;
      case 502, 503, 504 -> ErrorCode.TEMPORARILY_UNAVAILABLE;
      default -> null;
    };
  }

  /**
   * Vert.x logs the failure of a request without an exception handler (a reset too) as an
   * error; here failures are handled where they surface (the answer's future, the pipes).
   */
  private static void quiet(HttpClientRequest outbound, HttpServerRequest request,
      Upstream upstream) {
    outbound.exceptionHandler(failure -> LOG.debugf("%s %s to %s: %s", request.method(),
        request.path(), upstream.serviceName(), failure.getMessage()));
  }

  /**
   * Lets go of an answer the client will not read ({@code relayed} bytes of its body passed).
   * Resetting closes the service connection, and Vert.x 4.5 does so even when the exchange has
   * already finished there and the pooled connection carries another request
   * (eclipse-vertx/vert.x#6294), which that request would see as a 503. So the exchange is reset
   * only while much more of a known-length body is still due than Vert.x buffers (a download
   * abandoned half-way); anything else is read to its end, dropped, and the connection reused.
   */
  private static void abandon(HttpClientRequest outbound, HttpClientResponse answer,
      long relayed) {
    String declared = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
    long due = -1;
    if (declared != null) {
      try {
        due = Long.parseLong(declared.trim()) - relayed;
      } catch (NumberFormatException e) {
        due = -1;
      }
    }
    if (due > UNFINISHED_FOR_SURE) {
      outbound.reset();
      return;
    }
    answer.handler(null);
    answer.exceptionHandler(null);
    answer.endHandler(null);
    answer.resume();
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
