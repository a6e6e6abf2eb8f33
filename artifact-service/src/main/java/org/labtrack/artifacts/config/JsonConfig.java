package org.labtrack.artifacts.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.labtrack.common.json.JsonTypes;

/**
 * Multipart upload requests are read with their JSON types, as MLflow's server reads them: a
 * number where {@code path} or {@code upload_id} belongs is refused, not taken as text
 * ({@link JsonTypes}).
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    JsonTypes.apply(mapper);
  }
}
