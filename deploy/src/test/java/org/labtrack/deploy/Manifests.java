package org.labtrack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The objects one kustomize overlay renders to, with the look-ups the checks need. */
final class Manifests {

  static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod");

  final String overlay;
  final List<JsonNode> objects;

  Manifests(String overlay, List<JsonNode> objects) {
    this.overlay = overlay;
    this.objects = objects;
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  static String id(JsonNode object) {
    return object.path("kind").asText() + "/" + name(object);
  }

  List<Workload> workloads() {
    List<Workload> out = new ArrayList<>();
    for (JsonNode o : objects) {
      if (WORKLOAD_KINDS.contains(o.path("kind").asText())) {
        out.add(new Workload(o));
      }
    }
    return out;
  }

  Workload workload(String name) {
    return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(overlay + ": no workload " + name));
  }

  /** Data of a ConfigMap or Secret (Secret values base64-decoded), by its rendered name. */
  Map<String, String> data(String kind, String name) {
    JsonNode object = find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + "/" + name));
    Map<String, String> out = new LinkedHashMap<>();
    object.path("data").fields().forEachRemaining(e -> out.put(e.getKey(), "Secret".equals(kind)
        ? new String(java.util.Base64.getDecoder().decode(e.getValue().asText()), java.nio.charset.StandardCharsets.UTF_8)
        : e.getValue().asText()));
    object.path("stringData").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** A workload with its pod template, whatever the kind. */
  record Workload(JsonNode object) {

    String name() {
      return Manifests.name(object);
    }

    String kind() {
      return object.path("kind").asText();
    }

    JsonNode podTemplate() {
      return switch (kind()) {
        case "Pod" -> object;
        case "CronJob" -> object.path("spec").path("jobTemplate").path("spec").path("template");
        default -> object.path("spec").path("template");
      };
    }

    JsonNode podSpec() {
      return podTemplate().path("spec");
    }

    JsonNode podLabels() {
      return podTemplate().path("metadata").path("labels");
    }

    List<JsonNode> containers() {
      List<JsonNode> out = new ArrayList<>();
      podSpec().path("initContainers").forEach(out::add);
      podSpec().path("containers").forEach(out::add);
      return out;
    }

    JsonNode container(String name) {
      for (JsonNode c : containers()) {
        if (name.equals(c.path("name").asText())) {
          return c;
        }
      }
      throw new AssertionError(name() + ": no container " + name);
    }

    boolean runsToCompletion() {
      return kind().equals("Job") || kind().equals("CronJob");
    }
  }

  /** True when every matchLabels pair of {@code selector} is among {@code labels} (matchExpressions are not used here). */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (selector.has("matchExpressions")) {
      throw new AssertionError("matchExpressions are not evaluated by these tests: " + selector);
    }
    JsonNode match = selector.path("matchLabels");
    var it = match.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }
}
