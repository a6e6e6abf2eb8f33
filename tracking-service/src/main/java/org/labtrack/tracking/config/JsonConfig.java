package org.labtrack.tracking.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * MLflow's JSON: snake_case field names and unset fields left out, as protobuf's JSON printer
 * does. Doubles keep Jackson's default of writing NaN and infinities as the strings "NaN",
 * "Infinity" and "-Infinity", which is protobuf's JSON form too.
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }
}
