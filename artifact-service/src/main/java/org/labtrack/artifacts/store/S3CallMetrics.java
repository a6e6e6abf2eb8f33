package org.labtrack.artifacts.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every S3 call as {@code labtrack.s3.requests} (Prometheus:
 * {@code labtrack_s3_requests_seconds_*}), tagged with the S3 operation ({@code PutObject},
 * {@code UploadPart}, ...) and its outcome: {@code success}, the HTTP status S3 answered, or
 * {@code unreachable}. The time includes the SDK's own retries. Registered with the SDK by
 * {@code quarkus.s3.interceptors}, which takes this CDI bean.
 */
@ApplicationScoped
public class S3CallMetrics implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("labtrack.s3.started");

  private final MeterRegistry registry;

  S3CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context,
      ExecutionAttributes attributes) {
    record(attributes, context.httpResponse()
        .map(r -> Integer.toString(r.statusCode())).orElse("unreachable"));
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    Long started = attributes.getAttribute(STARTED);
    if (started == null) {
      return;
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Timer.builder("labtrack.s3.requests")
        .description("S3 calls made by artifact-service")
        .tag("operation", operation == null ? "unknown" : operation)
        .tag("outcome", outcome)
        .register(registry)
        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
