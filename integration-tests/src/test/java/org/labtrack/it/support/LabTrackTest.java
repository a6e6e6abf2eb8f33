package org.labtrack.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.labtrack.it.support.LabTrackStack.Store;

/**
 * Runs a test class against the shared {@link LabTrackStack} of {@link #store()}: started before
 * the first such class, stopped when the JUnit run ends. Declare a {@link LabTrackStack}
 * parameter (constructor, {@code @BeforeAll}, {@code @BeforeEach} or test method) to get it.
 *
 * <pre>{@code
 * @LabTrackTest
 * class SomethingIT {
 *   private final LabTrackStack stack;
 *   SomethingIT(LabTrackStack stack) { this.stack = stack; }
 *   @Test void works() { stack.client(stack.reader()).get("/api/2.0/mlflow/...").ok(); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LabTrackExtension.class)
public @interface LabTrackTest {
  /** Where artifact-service keeps artifacts. */
  Store store() default Store.FILESYSTEM;
}
