package org.labtrack.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.labtrack.it.support.LabTrackStack.Store;

/**
 * {@link LabTrackTest}'s engine: starts the shared stack of the class's store before the class
 * (so that start-up is not counted against its first test), resolves {@link LabTrackStack}
 * parameters, and stops every shared stack when the JUnit run ends.
 */
public class LabTrackExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LabTrackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LabTrackStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return stack(context);
  }

  private static LabTrackStack stack(ExtensionContext context) {
    Store store = context.getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, LabTrackTest.class))
        .map(LabTrackTest::store)
        .orElse(Store.FILESYSTEM);
    // The root context's store closes what it holds when the whole run ends.
    context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(store, SharedStackHandle::new, SharedStackHandle.class);
    return LabTrackStack.shared(store);
  }

  /** Closes the shared stack of one store at the end of the run. */
  private record SharedStackHandle(Store store) implements AutoCloseable {
    @Override
    public void close() {
      LabTrackStack.closeShared(store);
    }
  }
}
