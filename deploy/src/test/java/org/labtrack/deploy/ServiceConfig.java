package org.labtrack.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one LabTrack service reads, as its own sources say: the {@code application.properties}
 * keys and the environment variables they reference, the extensions in its pom, and the
 * variables its Dockerfiles define.
 */
final class ServiceConfig {

  /** {@code ${NAME}} or {@code ${NAME:default}} with an UPPER_SNAKE name: an environment variable. */
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
  /** A whole value that is one reference: ${NAME:default} with an env name or a property name. */
  private static final Pattern WHOLE_REF = Pattern.compile("\\$\\{([^:}$]+)(?::([^}]*))?}");
  /** NAME= inside an ENV instruction; the look-behind skips -XX:Foo=... and -Dfoo=... in values. */
  private static final Pattern DOCKER_ENV = Pattern.compile("(?<![A-Za-z0-9_.:-])([A-Z_][A-Z0-9_]*)=");
  private static final Map<LabTrackService, ServiceConfig> CACHE = new EnumMap<>(LabTrackService.class);

  final LabTrackService service;
  /** Profile-less keys (and %prod. ones, which win in production) with their raw values. */
  final Map<String, String> properties;
  final Set<String> envReferences;
  final Set<String> imageEnv;
  /** Properties the service's @ConfigMapping interfaces declare (gateway.tracking-url, ...). */
  final Set<String> mappedProperties;
  final String pom;

  ServiceConfig(LabTrackService service, String applicationProperties, Set<String> mappedProperties, String pom,
      String... dockerfiles) {
    this.service = service;
    this.properties = productionProperties(applicationProperties);
    this.envReferences = envReferences(properties.values());
    this.mappedProperties = new TreeSet<>(mappedProperties);
    this.pom = pom;
    this.imageEnv = new TreeSet<>();
    for (String dockerfile : dockerfiles) {
      imageEnv.addAll(dockerEnv(dockerfile));
    }
  }

  static synchronized ServiceConfig of(LabTrackService service) {
    return CACHE.computeIfAbsent(service, s -> new ServiceConfig(s,
        Repo.read(s.module + "/src/main/resources/application.properties"),
        ConfigMappings.propertyNames(Repo.path(s.module + "/src/main/java")),
        Repo.read(s.module + "/pom.xml"),
        readIfPresent(s.module + "/src/main/docker/Dockerfile.jvm"),
        readIfPresent(s.module + "/src/main/docker/Dockerfile.native")));
  }

  private static String readIfPresent(String relative) {
    return Files.isRegularFile(Repo.path(relative)) ? Repo.read(relative) : "";
  }

  static Map<String, String> productionProperties(String text) {
    Properties raw = new Properties();
    try {
      raw.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, String> prod = new LinkedHashMap<>();
    for (String key : raw.stringPropertyNames()) {
      if (key.startsWith("%prod.")) {
        prod.put(key.substring("%prod.".length()), raw.getProperty(key));
      } else if (!key.startsWith("%")) {
        plain.put(key, raw.getProperty(key));
      }
    }
    plain.putAll(prod);
    return plain;
  }

  static Set<String> envReferences(Iterable<String> values) {
    Set<String> names = new TreeSet<>();
    for (String value : values) {
      Matcher m = ENV_REF.matcher(value);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Names an image's ENV instructions define (continuation lines joined first). */
  static Set<String> dockerEnv(String dockerfile) {
    Set<String> names = new TreeSet<>();
    for (String line : dockerfile.replace("\\\n", " ").split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("ENV ")) {
        Matcher m = DOCKER_ENV.matcher(trimmed.substring(4));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /** SmallRye Config's environment name for a property: non-alphanumerics become '_', upper case. */
  static String quarkusEnvName(String propertyName) {
    return propertyName.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /**
   * Environment variables this service reads: the ones its properties reference, the standard
   * Quarkus mapping of each key it sets or its @ConfigMapping declares, QUARKUS_PROFILE, and
   * those its image defines (JAVA_OPTS...).
   */
  Set<String> readEnvNames() {
    Set<String> names = new TreeSet<>(envReferences);
    properties.keySet().forEach(k -> names.add(quarkusEnvName(k)));
    mappedProperties.forEach(k -> names.add(quarkusEnvName(k)));
    names.add("QUARKUS_PROFILE");
    names.addAll(imageEnv);
    return names;
  }

  String property(String key, String fallback) {
    return properties.getOrDefault(key, fallback);
  }

  /**
   * The effective value of a property given a container environment: the variable that sets the
   * key itself (QUARKUS_HTTP_PORT) wins, then a whole-value reference {@code ${ENV:default}} or
   * {@code ${some.property:default}} (set through its environment name), then the literal.
   */
  String resolve(String key, String fallback, Map<String, String> env) {
    String direct = env.get(quarkusEnvName(key));
    if (direct != null) {
      return direct;
    }
    String raw = property(key, fallback);
    Matcher m = WHOLE_REF.matcher(raw.strip());
    if (m.matches()) {
      String fromEnv = env.get(envName(m.group(1)));
      return fromEnv != null ? fromEnv : (m.group(2) == null ? "" : m.group(2));
    }
    return raw;
  }

  /** The environment variable a property's value reads, or null when it is a literal. */
  String envNameOf(String key) {
    Matcher m = WHOLE_REF.matcher(property(key, "").strip());
    return m.matches() ? envName(m.group(1)) : null;
  }

  private static String envName(String reference) {
    return reference.matches("[A-Z][A-Z0-9_]*") ? reference : quarkusEnvName(reference);
  }

  int httpPort(Map<String, String> env) {
    return Integer.parseInt(resolve("quarkus.http.port", "8080", env));
  }

  int managementPort(Map<String, String> env) {
    return Integer.parseInt(resolve("quarkus.management.port", "9000", env));
  }

  boolean managementEnabled() {
    return Boolean.parseBoolean(property("quarkus.management.enabled", "false"));
  }

  String managementRoot() {
    String root = property("quarkus.management.root-path", "/q");
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  String healthPath(String kind) {
    String health = property("quarkus.smallrye-health.root-path", "health");
    String leaf = switch (kind) {
      case "live" -> property("quarkus.smallrye-health.liveness-path", "live");
      case "ready" -> property("quarkus.smallrye-health.readiness-path", "ready");
      case "started" -> property("quarkus.smallrye-health.startup-path", "started");
      default -> throw new IllegalArgumentException(kind);
    };
    return (health.startsWith("/") ? health : managementRoot() + "/" + health) + "/" + leaf;
  }

  String metricsPath() {
    String path = property("quarkus.micrometer.export.prometheus.path", "metrics");
    return path.startsWith("/") ? path : managementRoot() + "/" + path;
  }

  boolean hasExtension(String artifactId) {
    return pom.contains("<artifactId>" + artifactId + "</artifactId>");
  }

  long maxBodySizeBytes() {
    return Sizes.bytes(property("quarkus.http.limits.max-body-size", "10240K"));
  }

  /** quarkus.shutdown.timeout in seconds (0 when unset: no graceful drain). */
  long shutdownTimeoutSeconds() {
    return Sizes.seconds(property("quarkus.shutdown.timeout", "0s"));
  }
}
