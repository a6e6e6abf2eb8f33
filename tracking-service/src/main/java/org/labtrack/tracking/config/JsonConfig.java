package org.labtrack.tracking.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.List;
import org.labtrack.common.json.JsonTypes;

/**
 * MLflow's JSON: snake_case field names, and unset fields and empty lists left out, as protobuf's
 * JSON printer does for MLflow's messages (a run without params has no {@code params}, a search
 * that finds nothing answers {@code {}}); the few answers MLflow writes by hand, with their
 * empty lists, say so on the field. Doubles keep Jackson's default of writing NaN and
 * infinities as the strings "NaN", "Infinity" and "-Infinity", which is protobuf's JSON form too.
 * Values are read with their JSON types ({@link JsonTypes}).
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    mapper.configOverride(List.class)
        .setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, null));
    // Metric values dominate both directions (a 1000-point batch in, a million-point history
    // out); the shortest-representation codecs read and write the same doubles, faster.
    mapper.getFactory().configure(JsonParser.Feature.USE_FAST_DOUBLE_PARSER, true);
    mapper.getFactory().configure(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER, true);
    JsonTypes.apply(mapper);
  }
}
