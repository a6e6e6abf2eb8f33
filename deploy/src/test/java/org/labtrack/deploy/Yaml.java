package org.labtrack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML to Jackson trees. SnakeYAML resolves anchors and merge keys ({@code <<: *x}) as Compose does. */
final class Yaml {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Yaml() {
  }

  static List<JsonNode> loadAll(String text) {
    var yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
    List<JsonNode> docs = new ArrayList<>();
    for (Object doc : yaml.loadAll(text)) {
      if (doc != null) {
        docs.add(MAPPER.valueToTree(doc));
      }
    }
    return docs;
  }

  static JsonNode load(String text) {
    List<JsonNode> docs = loadAll(text);
    if (docs.size() != 1) {
      throw new IllegalArgumentException("expected one YAML document, found " + docs.size());
    }
    return docs.get(0);
  }

  /** Every text value and object key below {@code node}, depth first. */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        out.add(e.getKey());
        collect(e.getValue(), out);
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }
}
