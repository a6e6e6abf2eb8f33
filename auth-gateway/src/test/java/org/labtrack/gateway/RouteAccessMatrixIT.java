package org.labtrack.gateway;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged gateway ({@code quarkus-run.jar} in its own JVM). */
@QuarkusIntegrationTest
class RouteAccessMatrixIT extends RouteAccessMatrixTest {
}
