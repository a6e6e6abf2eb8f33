package org.labtrack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.labtrack.deploy.Manifests.Workload;

/** Invariants of every overlay under deploy/overlays, as `kubectl kustomize` renders it. */
class KubernetesManifestsTest {

  private static final long FIVE_GIB = 5L << 30;
  private static final Pattern URL = Pattern.compile("^(?:jdbc:mysql|https?)://([a-z0-9-]+)(\\.[a-z0-9.-]+)?:(\\d+)(/.*)?$");

  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyObjectCarriesTheThreeRecommendedLabels(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    assertThat(m.objects).isNotEmpty();
    for (JsonNode o : m.objects) {
      checkLabels(soft, Manifests.id(o), o.path("metadata").path("labels"));
    }
    for (Workload w : m.workloads()) {
      checkLabels(soft, w.kind() + "/" + w.name() + " pod template", w.podLabels());
      w.object().path("spec").path("volumeClaimTemplates")
          .forEach(t -> checkLabels(soft, w.name() + " claim " + Manifests.name(t), t.path("metadata").path("labels")));
    }
    soft.assertAll();
  }

  private static void checkLabels(SoftAssertions soft, String what, JsonNode labels) {
    soft.assertThat(labels.path("app.kubernetes.io/name").asText()).as(what + " app.kubernetes.io/name").isNotBlank();
    soft.assertThat(labels.path("app.kubernetes.io/part-of").asText()).as(what + " app.kubernetes.io/part-of").isEqualTo("labtrack");
    soft.assertThat(labels.path("app.kubernetes.io/component").asText()).as(what + " app.kubernetes.io/component").isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void serviceContainersProbeTheRealHealthEndpointsOnTheManagementPort(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (LabTrackService s : LabTrackService.values()) {
      ServiceConfig cfg = s.config();
      Workload w = m.workload(s.module);
      JsonNode c = w.container(s.module);
      Map<String, String> env = literalEnv(c);
      int http = cfg.httpPort(env);
      int management = cfg.managementPort(env);
      String what = overlay + " " + s.module;

      soft.assertThat(cfg.managementEnabled()).as(s.module + ": quarkus.management.enabled").isTrue();
      soft.assertThat(cfg.hasExtension("quarkus-smallrye-health")).as(s.module + " has quarkus-smallrye-health").isTrue();
      soft.assertThat(namedPort(c, "http")).as(what + " port 'http' = quarkus.http.port").isEqualTo(http);
      soft.assertThat(namedPort(c, "management")).as(what + " port 'management' = quarkus.management.port").isEqualTo(management);

      for (var probe : Map.of("startupProbe", "started", "readinessProbe", "ready", "livenessProbe", "live").entrySet()) {
        JsonNode get = c.path(probe.getKey()).path("httpGet");
        soft.assertThat(get.path("path").asText()).as(what + " " + probe.getKey() + " path")
            .isEqualTo(cfg.healthPath(probe.getValue()));
        soft.assertThat(resolvePort(c, get.path("port"))).as(what + " " + probe.getKey() + " port").isEqualTo(management);
      }

      JsonNode annotations = w.podTemplate().path("metadata").path("annotations");
      soft.assertThat(cfg.hasExtension("quarkus-micrometer-registry-prometheus")).as(s.module + " exports Prometheus metrics").isTrue();
      soft.assertThat(annotations.path("prometheus.io/port").asText()).as(what + " prometheus.io/port").isEqualTo(String.valueOf(management));
      soft.assertThat(annotations.path("prometheus.io/path").asText()).as(what + " prometheus.io/path").isEqualTo(cfg.metricsPath());
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyLongRunningContainerHasReadinessAndLivenessProbesOnDeclaredPorts(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    for (Workload w : Kustomize.render(overlay).workloads()) {
      if (w.runsToCompletion()) {
        continue;
      }
      for (JsonNode c : w.podSpec().path("containers")) {
        String what = overlay + " " + w.name() + "/" + c.path("name").asText();
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
          JsonNode p = c.path(probe);
          soft.assertThat(p.has("httpGet") || p.has("exec") || p.has("tcpSocket") || p.has("grpc")).as(what + " has a " + probe).isTrue();
          JsonNode port = p.has("httpGet") ? p.path("httpGet").path("port") : p.path("tcpSocket").path("port");
          if (!port.isMissingNode()) {
            soft.assertThat(resolvePort(c, port)).as(what + " " + probe + " port " + port + " is declared").isPositive();
          }
        }
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasResourceRequestsAndLimits(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    for (Workload w : Kustomize.render(overlay).workloads()) {
      for (JsonNode c : w.containers()) {
        for (String kind : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            soft.assertThat(c.path("resources").path(kind).path(resource).asText())
                .as("%s %s/%s resources.%s.%s", overlay, w.name(), c.path("name").asText(), kind, resource).isNotBlank();
          }
        }
      }
    }
    soft.assertAll();
  }

  /** The "restricted" Pod Security Standard the namespace enforces, plus a read-only root filesystem. */
  @ParameterizedTest
  @MethodSource("overlays")
  void everyPodRunsNonRootWithAReadOnlyRootFilesystem(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    for (Workload w : Kustomize.render(overlay).workloads()) {
      JsonNode pod = w.podSpec();
      JsonNode podSc = pod.path("securityContext");
      String wn = overlay + " " + w.name();
      soft.assertThat(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean())
          .as(wn + " uses no host namespace").isFalse();
      pod.path("volumes").forEach(v -> soft.assertThat(v.has("hostPath")).as(wn + " volume " + v.path("name") + " is no hostPath").isFalse());
      soft.assertThat(pod.path("automountServiceAccountToken").asText()).as(wn + " automountServiceAccountToken").isEqualTo("false");
      for (JsonNode c : w.containers()) {
        JsonNode sc = c.path("securityContext");
        String what = wn + "/" + c.path("name").asText();
        soft.assertThat(sc.path("runAsNonRoot").asBoolean(podSc.path("runAsNonRoot").asBoolean())).as(what + " runAsNonRoot").isTrue();
        soft.assertThat(sc.path("runAsUser").asInt(podSc.path("runAsUser").asInt(-1))).as(what + " runAsUser is not root").isNotZero();
        soft.assertThat(sc.path("seccompProfile").path("type").asText(podSc.path("seccompProfile").path("type").asText()))
            .as(what + " seccompProfile").isIn("RuntimeDefault", "Localhost");
        soft.assertThat(sc.path("allowPrivilegeEscalation").asText()).as(what + " allowPrivilegeEscalation").isEqualTo("false");
        soft.assertThat(sc.path("privileged").asBoolean()).as(what + " privileged").isFalse();
        soft.assertThat(texts(sc.path("capabilities").path("drop"))).as(what + " drops capabilities").contains("ALL");
        soft.assertThat(texts(sc.path("capabilities").path("add"))).as(what + " adds capabilities").isSubsetOf(List.of("NET_BIND_SERVICE"));
        soft.assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(what + " readOnlyRootFilesystem").isTrue();
        c.path("ports").forEach(p -> soft.assertThat(p.has("hostPort")).as(what + " hostPort").isFalse());
        // A read-only root needs somewhere writable for temporary files.
        soft.assertThat(writableMounts(pod, c)).as(what + " has a writable /tmp").contains("/tmp");
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void serviceContainersGetOnlyEnvironmentVariablesTheServiceReads(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (LabTrackService s : LabTrackService.values()) {
      JsonNode c = m.workload(s.module).container(s.module);
      soft.assertThat(c.has("envFrom")).as(overlay + " " + s.module + ": explicit env only (envFrom hides names)").isFalse();
      Set<String> names = envNames(c);
      soft.assertThat(names).as("%s %s env names; it reads %s", overlay, s.module, EnvNames.accepted(s))
          .isSubsetOf(EnvNames.accepted(s));
      soft.assertThat(w(m, s).podSpec().path("enableServiceLinks").asText())
          .as(overlay + " " + s.module + " enableServiceLinks (service links inject *_PORT variables)").isEqualTo("false");
    }
    soft.assertAll();
  }

  private static Workload w(Manifests m, LabTrackService s) {
    return m.workload(s.module);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void credentialsComeFromSecretsNeverFromLiterals(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (Workload w : m.workloads()) {
      for (JsonNode c : w.containers()) {
        for (JsonNode e : c.path("env")) {
          String name = e.path("name").asText();
          if (EnvNames.SECRET_NAME.matcher(name).matches()) {
            soft.assertThat(e.path("valueFrom").has("secretKeyRef"))
                .as("%s %s/%s env %s comes from a Secret", overlay, w.name(), c.path("name").asText(), name).isTrue();
          }
        }
      }
    }
    for (LabTrackService s : LabTrackService.values()) {
      JsonNode secretEnv = envEntry(m.workload(s.module).container(s.module), "LABTRACK_INTERNAL_SECRET");
      soft.assertThat(secretEnv.path("valueFrom").has("secretKeyRef"))
          .as(overlay + " " + s.module + " gets LABTRACK_INTERNAL_SECRET from a Secret (gateway-only guard)").isTrue();
    }
    for (JsonNode cm : m.ofKind("ConfigMap")) {
      cm.path("data").fieldNames().forEachRemaining(k -> soft.assertThat(k.toLowerCase())
          .as(overlay + " ConfigMap " + Manifests.name(cm) + " holds no credential").doesNotContain("password", "secret"));
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyReferencedSecretAndConfigMapKeyExists(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (Workload w : m.workloads()) {
      for (JsonNode c : w.containers()) {
        for (JsonNode e : c.path("env")) {
          for (String ref : List.of("secretKeyRef", "configMapKeyRef")) {
            JsonNode r = e.path("valueFrom").path(ref);
            if (!r.isMissingNode()) {
              String kind = ref.equals("secretKeyRef") ? "Secret" : "ConfigMap";
              String what = overlay + " " + w.name() + " env " + e.path("name").asText() + " -> " + kind + "/" + r.path("name").asText();
              soft.assertThat(m.find(kind, r.path("name").asText())).as(what + " exists").isPresent();
              if (m.find(kind, r.path("name").asText()).isPresent()) {
                soft.assertThat(m.data(kind, r.path("name").asText())).as(what + " has key " + r.path("key").asText())
                    .containsKey(r.path("key").asText());
              }
            }
          }
        }
      }
      for (JsonNode v : w.podSpec().path("volumes")) {
        if (v.has("secret")) {
          soft.assertThat(m.find("Secret", v.path("secret").path("secretName").asText())).as(overlay + " " + w.name() + " volume secret").isPresent();
        }
        if (v.has("configMap")) {
          soft.assertThat(m.find("ConfigMap", v.path("configMap").path("name").asText())).as(overlay + " " + w.name() + " volume configMap").isPresent();
        }
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void renderedSecretsHoldNeitherEmptyNorDefaultPasswordsNorPlainTextUsers(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    Set<String> defaults = Set.of("password", "admin", "changeme", "change-me", "secret", "labtrack", "root", "minioadmin",
        "minio123", "mlflow", "password123");
    for (JsonNode secret : m.ofKind("Secret")) {
      String name = Manifests.name(secret);
      m.data("Secret", name).forEach((key, value) -> {
        String what = overlay + " Secret " + name + " key " + key;
        if (key.matches("(?i).*(password|secret|signing|token).*")) {
          soft.assertThat(value.strip()).as(what + " length").hasSizeGreaterThanOrEqualTo(16);
          soft.assertThat(value.strip().toLowerCase()).as(what + " is no well-known default").isNotIn(defaults);
        }
        if (key.equals("users.properties")) {
          for (String line : value.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
              soft.assertThat(line).as(what + ": user=HEX(MD5(user:realm:password)), never a plain password")
                  .matches("[A-Za-z0-9._@-]+=[0-9a-f]{32}");
            }
          }
        }
      });
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyTheGatewayIsExposedAndOnlyThroughTheIngress(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (JsonNode svc : m.ofKind("Service")) {
      String what = overlay + " Service " + Manifests.name(svc);
      soft.assertThat(svc.path("spec").path("type").asText("ClusterIP")).as(what + " type").isEqualTo("ClusterIP");
      soft.assertThat(svc.path("spec").has("externalIPs")).as(what + " externalIPs").isFalse();
      svc.path("spec").path("ports").forEach(p -> soft.assertThat(p.has("nodePort")).as(what + " nodePort").isFalse());
    }
    int gatewayHttp = LabTrackService.GATEWAY.config().httpPort(literalEnv(m.workload("auth-gateway").container("auth-gateway")));
    List<JsonNode> ingresses = m.ofKind("Ingress");
    soft.assertThat(ingresses).as(overlay + " Ingresses").hasSize(1);
    for (JsonNode ing : ingresses) {
      List<JsonNode> backends = new ArrayList<>();
      if (ing.path("spec").has("defaultBackend")) {
        backends.add(ing.path("spec").path("defaultBackend"));
      }
      ing.path("spec").path("rules").forEach(r -> r.path("http").path("paths").forEach(p -> backends.add(p.path("backend"))));
      soft.assertThat(backends).as(overlay + " Ingress backends").isNotEmpty();
      for (JsonNode b : backends) {
        soft.assertThat(b.path("service").path("name").asText()).as(overlay + " Ingress backend").isEqualTo("auth-gateway");
        JsonNode port = b.path("service").path("port");
        JsonNode svcPort = servicePort(m.find("Service", "auth-gateway").orElseThrow(), port);
        soft.assertThat(resolvePort(m.workload("auth-gateway").container("auth-gateway"), svcPort.path("targetPort")))
            .as(overlay + " Ingress reaches the gateway's HTTP port").isEqualTo(gatewayHttp);
      }
    }
    for (String kind : List.of("HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "Route")) {
      soft.assertThat(m.ofKind(kind)).as(overlay + " " + kind + " objects (only the Ingress exposes LabTrack)").isEmpty();
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theIngressLetsFiveGibUploadsThroughUnbufferedAndUnhurried(String overlay) {
    JsonNode annotations = Kustomize.render(overlay).ofKind("Ingress").get(0).path("metadata").path("annotations");
    String bodySize = annotations.path("nginx.ingress.kubernetes.io/proxy-body-size").asText();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(bodySize.equals("0") || Sizes.bytes(bodySize) >= FIVE_GIB).as("proxy-body-size " + bodySize + " >= 5 GiB").isTrue();
    soft.assertThat(annotations.path("nginx.ingress.kubernetes.io/proxy-request-buffering").asText()).as("request buffering").isEqualTo("off");
    soft.assertThat(annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText()).as("response buffering").isEqualTo("off");
    for (String t : List.of("proxy-read-timeout", "proxy-send-timeout")) {
      soft.assertThat(Sizes.seconds(annotations.path("nginx.ingress.kubernetes.io/" + t).asText("60"))).as(t).isGreaterThanOrEqualTo(600);
    }
    soft.assertThat(LabTrackService.GATEWAY.config().maxBodySizeBytes()).as("auth-gateway quarkus.http.limits.max-body-size").isGreaterThanOrEqualTo(FIVE_GIB);
    soft.assertThat(LabTrackService.ARTIFACTS.config().maxBodySizeBytes()).as("artifact-service quarkus.http.limits.max-body-size").isGreaterThanOrEqualTo(FIVE_GIB);
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void servicesSelectExactlyOneWorkloadAndTargetDeclaredPorts(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (JsonNode svc : m.ofKind("Service")) {
      JsonNode selector = svc.path("spec").path("selector");
      List<Workload> selected = m.workloads().stream()
          .filter(w -> !selector.isEmpty() && Manifests.selects(wrap(selector), w.podLabels())).toList();
      String what = overlay + " Service " + Manifests.name(svc);
      soft.assertThat(selected).as(what + " selects one workload").hasSize(1);
      if (selected.size() == 1) {
        JsonNode c = selected.get(0).podSpec().path("containers").get(0);
        svc.path("spec").path("ports").forEach(p -> soft.assertThat(resolvePort(c, p.path("targetPort").isMissingNode() ? p.path("port") : p.path("targetPort")))
            .as(what + " port " + p.path("name").asText() + " targets a declared container port").isPositive());
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void inClusterUrlsNameExistingServicesAndTheirPorts(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    int checked = 0;
    for (Workload w : m.workloads()) {
      for (JsonNode c : w.containers()) {
        for (var e : resolvedEnv(m, c).entrySet()) {
          Matcher url = URL.matcher(e.getValue());
          if (!url.matches() || url.group(2) != null && !url.group(2).startsWith(".labtrack.svc")
              || url.group(1).equals("localhost") || e.getKey().endsWith("PUBLIC_URL")) {
            continue; // not a URL, or one outside the cluster: external database and storage, the clients' address
          }
          var svc = m.find("Service", url.group(1));
          String what = overlay + " " + w.name() + " " + e.getKey() + "=" + e.getValue();
          soft.assertThat(svc).as(what + " names a Service").isPresent();
          svc.ifPresent(s -> soft.assertThat(texts(s.path("spec").path("ports"), "port")).as(what + " uses one of its ports")
              .contains(url.group(3)));
          checked++;
        }
      }
    }
    // gateway -> tracking, gateway -> artifacts, artifacts -> tracking, and in dev the database and storage URLs
    assertThat(checked).as(overlay + ": in-cluster URLs found").isGreaterThanOrEqualTo(overlay.equals("dev") ? 6 : 3);
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void statelessServicesHaveDisruptionBudgetsAndAutoscalers(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (LabTrackService s : LabTrackService.values()) {
      Workload w = m.workload(s.module);
      String what = overlay + " " + s.module;
      soft.assertThat(w.kind()).as(what + " kind").isEqualTo("Deployment");
      soft.assertThat(w.object().path("spec").has("replicas")).as(what + ": no replicas field, the autoscaler owns the count").isFalse();
      List<JsonNode> pdbs = m.ofKind("PodDisruptionBudget").stream()
          .filter(p -> Manifests.selects(p.path("spec").path("selector"), w.podLabels())).toList();
      soft.assertThat(pdbs).as(what + " PodDisruptionBudget").hasSize(1);
      List<JsonNode> hpas = m.ofKind("HorizontalPodAutoscaler").stream()
          .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(s.module)
              && h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")).toList();
      soft.assertThat(hpas).as(what + " HorizontalPodAutoscaler").hasSize(1);
      if (hpas.size() == 1 && pdbs.size() == 1) {
        JsonNode hpa = hpas.get(0).path("spec");
        int min = hpa.path("minReplicas").asInt(1);
        soft.assertThat(min).as(what + " minReplicas").isPositive().isLessThanOrEqualTo(hpa.path("maxReplicas").asInt());
        JsonNode pdb = pdbs.get(0).path("spec");
        // A budget that allows no eviction at the minimum replica count would block every node drain.
        boolean drainable = pdb.has("maxUnavailable") ? pdb.path("maxUnavailable").asInt() >= 1 : pdb.path("minAvailable").asInt() < min;
        soft.assertThat(drainable).as(what + " PodDisruptionBudget lets a node drain at minReplicas").isTrue();
        if (overlay.equals("production")) {
          soft.assertThat(min).as(what + " production minReplicas").isGreaterThanOrEqualTo(3);
        }
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void podsHaveTimeToDrainInFlightRequests(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (LabTrackService s : LabTrackService.values()) {
      Workload w = m.workload(s.module);
      JsonNode preStop = w.container(s.module).path("lifecycle").path("preStop");
      long sleep = preStop.path("exec").path("command").size() == 2
          ? Long.parseLong(preStop.path("exec").path("command").get(1).asText()) : preStop.path("sleep").path("seconds").asLong();
      soft.assertThat(sleep).as(overlay + " " + s.module + " preStop pause for endpoint removal").isPositive();
      soft.assertThat(w.podSpec().path("terminationGracePeriodSeconds").asLong(30))
          .as(overlay + " " + s.module + " terminationGracePeriodSeconds > preStop + quarkus.shutdown.timeout")
          .isGreaterThan(sleep + s.config().shutdownTimeoutSeconds());
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void networkPoliciesDenyByDefaultAndEachComponentHasItsOwn(String overlay) {
    Manifests m = Kustomize.render(overlay);
    List<JsonNode> policies = m.ofKind("NetworkPolicy");
    assertThat(policies).as(overlay + " default deny").anySatisfy(p -> {
      assertThat(p.path("spec").path("podSelector").isEmpty()).isTrue();
      assertThat(texts(p.path("spec").path("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(p.path("spec").has("ingress") || p.path("spec").has("egress")).isFalse();
    });
    SoftAssertions soft = new SoftAssertions();
    for (Workload w : m.workloads()) {
      soft.assertThat(policies).as(overlay + " a NetworkPolicy of its own for " + w.name())
          .anyMatch(p -> w.name().equals(p.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()));
    }
    soft.assertAll();
  }

  /** Who may open connections to whom: only the gateway from outside, the database and storage only from their service. */
  @ParameterizedTest
  @MethodSource("overlays")
  void networkPoliciesAdmitOnlyTheIntendedCallers(String overlay) {
    Map<String, Set<String>> allowedCallers = Map.of(
        "auth-gateway", Set.of(),
        "tracking-service", Set.of("auth-gateway", "artifact-service"),
        "artifact-service", Set.of("auth-gateway"),
        "mysql", Set.of("tracking-service"),
        "minio", Set.of("artifact-service", "minio-setup"),
        "minio-setup", Set.of());
    SoftAssertions soft = new SoftAssertions();
    Manifests m = Kustomize.render(overlay);
    for (Workload w : m.workloads()) {
      String what = overlay + " " + w.name();
      soft.assertThat(allowedCallers).as(what + " is known to this test (add its allowed callers)").containsKey(w.name());
      Set<String> management = managementPorts(w);
      for (JsonNode rule : rulesFor(m, w, "Ingress")) {
        Set<String> ports = new TreeSet<>(texts(rule.path("ports"), "port"));
        List<JsonNode> peers = new ArrayList<>();
        rule.path("from").forEach(peers::add);
        if (peers.isEmpty()) {
          soft.fail(what + " admits every source: " + rule);
        }
        for (JsonNode peer : peers) {
          if (peer.has("podSelector") && !peer.has("namespaceSelector")) {
            String caller = peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText("<any pod>");
            soft.assertThat(allowedCallers.getOrDefault(w.name(), Set.of())).as(what + " admits " + caller).contains(caller);
          } else if (w.name().equals("auth-gateway")) {
            soft.assertThat(ports).as(what + " admits outside traffic on its HTTP port only").isNotEmpty();
          } else {
            soft.assertThat(ports).as(what + " admits outside traffic (" + peer + ") on management ports only").isNotEmpty()
                .isSubsetOf(management);
          }
        }
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void networkPoliciesOpenEveryPathTheStackNeeds(String overlay) {
    Manifests m = Kustomize.render(overlay);
    SoftAssertions soft = new SoftAssertions();
    List<String[]> podEdges = new ArrayList<>(List.of(
        new String[] {"auth-gateway", "tracking-service", "8081"},
        new String[] {"auth-gateway", "artifact-service", "8082"},
        new String[] {"artifact-service", "tracking-service", "8081"}));
    if (overlay.equals("dev")) {
      podEdges.add(new String[] {"tracking-service", "mysql", "3306"});
      podEdges.add(new String[] {"artifact-service", "minio", "9000"});
      podEdges.add(new String[] {"minio-setup", "minio", "9000"});
    } else {
      soft.assertThat(allowsEgressToIpBlock(m, m.workload("tracking-service"), "3306")).as("tracking-service -> external MySQL").isTrue();
      soft.assertThat(allowsEgressToIpBlock(m, m.workload("artifact-service"), "443")).as("artifact-service -> external S3").isTrue();
    }
    for (String[] edge : podEdges) {
      Workload from = m.workload(edge[0]);
      Workload to = m.workload(edge[1]);
      soft.assertThat(allows(rulesFor(m, from, "Egress"), "to", to, edge[2])).as("%s %s may connect to %s:%s", overlay, edge[0], edge[1], edge[2]).isTrue();
      soft.assertThat(allows(rulesFor(m, to, "Ingress"), "from", from, edge[2])).as("%s %s admits %s on %s", overlay, edge[1], edge[0], edge[2]).isTrue();
    }
    soft.assertAll();
  }

  @Test
  void theDevOverlayShipsNoSecretsAndRefusesToRenderWithoutGeneratedOnes() {
    Path copy = Kustomize.scratchCopy();
    Kustomize.Result r = Kustomize.kustomize(copy.resolve("overlays/dev"));
    assertThat(r.exit()).as("kubectl kustomize without make-secrets.sh must fail, output:\n" + r.output()).isNotZero();
    assertThat(r.output()).contains("secrets/");
  }

  @Test
  void productionSecretTemplatesCarryNoValues() throws Exception {
    Path secrets = Repo.path("deploy/overlays/production/secrets");
    List<Path> templates;
    try (Stream<Path> files = Files.list(secrets)) {
      templates = files.filter(p -> p.toString().endsWith(".env.example")).toList();
    }
    assertThat(templates).isNotEmpty();
    SoftAssertions soft = new SoftAssertions();
    for (Path t : templates) {
      Compose.parseEnvFile(Files.readString(t)).forEach((k, v) -> {
        if (k.matches("(?i).*(password|secret|key|token).*")) {
          soft.assertThat(v).as(t.getFileName() + " " + k).isEmpty();
        }
      });
    }
    soft.assertAll();
  }

  @Test
  void theNamespaceEnforcesTheRestrictedPodSecurityStandard() {
    for (String overlay : overlays()) {
      JsonNode ns = Kustomize.render(overlay).ofKind("Namespace").get(0);
      assertThat(ns.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText()).as(overlay).isEqualTo("restricted");
      assertThat(Kustomize.render(overlay).objects).as(overlay + ": every namespaced object is in labtrack")
          .filteredOn(o -> !o.path("kind").asText().equals("Namespace"))
          .allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("labtrack"));
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  static Map<String, String> literalEnv(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.path("env").forEach(e -> {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    });
    return env;
  }

  /** Literal env values plus those read from ConfigMaps. */
  static Map<String, String> resolvedEnv(Manifests m, JsonNode container) {
    Map<String, String> env = literalEnv(container);
    container.path("env").forEach(e -> {
      JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
      if (!ref.isMissingNode() && m.find("ConfigMap", ref.path("name").asText()).isPresent()) {
        env.put(e.path("name").asText(), m.data("ConfigMap", ref.path("name").asText()).getOrDefault(ref.path("key").asText(), ""));
      }
    });
    return env;
  }

  static Set<String> envNames(JsonNode container) {
    Set<String> names = new TreeSet<>();
    container.path("env").forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  static JsonNode envEntry(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  static int namedPort(JsonNode container, String name) {
    for (JsonNode p : container.path("ports")) {
      if (name.equals(p.path("name").asText())) {
        return p.path("containerPort").asInt();
      }
    }
    return -1;
  }

  /** A probe's or Service's port (name or number) as the container port it means; -1 when not declared. */
  static int resolvePort(JsonNode container, JsonNode port) {
    if (port.isInt() || port.asText().matches("\\d+")) {
      int n = port.asInt();
      for (JsonNode p : container.path("ports")) {
        if (p.path("containerPort").asInt() == n) {
          return n;
        }
      }
      return -1;
    }
    return namedPort(container, port.asText());
  }

  static JsonNode servicePort(JsonNode service, JsonNode backendPort) {
    for (JsonNode p : service.path("spec").path("ports")) {
      if (backendPort.has("name") ? backendPort.path("name").asText().equals(p.path("name").asText())
          : backendPort.path("number").asInt() == p.path("port").asInt()) {
        return p;
      }
    }
    throw new AssertionError("no port " + backendPort + " on " + Manifests.name(service));
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  private static JsonNode wrap(JsonNode matchLabels) {
    var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    node.set("matchLabels", matchLabels);
    return node;
  }

  private static Set<String> writableMounts(JsonNode pod, JsonNode container) {
    Set<String> writable = new TreeSet<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("readOnly").asBoolean()) {
        continue;
      }
      for (JsonNode v : pod.path("volumes")) {
        if (v.path("name").asText().equals(mount.path("name").asText()) && v.has("emptyDir")) {
          writable.add(mount.path("mountPath").asText());
        }
      }
    }
    return writable;
  }

  private static Set<String> managementPorts(Workload w) {
    Set<String> ports = new TreeSet<>();
    for (JsonNode c : w.podSpec().path("containers")) {
      int p = namedPort(c, "management");
      if (p > 0) {
        ports.add(String.valueOf(p));
      }
    }
    return ports;
  }

  /** Rules of every policy that selects the workload's pods and governs the given direction. */
  private static List<JsonNode> rulesFor(Manifests m, Workload w, String direction) {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode p : m.ofKind("NetworkPolicy")) {
      JsonNode spec = p.path("spec");
      if (Manifests.selects(spec.path("podSelector"), w.podLabels()) && texts(spec.path("policyTypes")).contains(direction)) {
        spec.path(direction.toLowerCase()).forEach(rules::add);
      }
    }
    return rules;
  }

  private static boolean allows(List<JsonNode> rules, String peersField, Workload peer, String port) {
    for (JsonNode rule : rules) {
      boolean portOk = rule.path("ports").isEmpty() || texts(rule.path("ports"), "port").contains(port);
      for (JsonNode p : rule.path(peersField)) {
        if (portOk && p.has("podSelector") && !p.has("namespaceSelector") && Manifests.selects(p.path("podSelector"), peer.podLabels())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean allowsEgressToIpBlock(Manifests m, Workload w, String port) {
    for (JsonNode rule : rulesFor(m, w, "Egress")) {
      if (texts(rule.path("ports"), "port").contains(port)) {
        for (JsonNode p : rule.path("to")) {
          if (p.has("ipBlock")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
