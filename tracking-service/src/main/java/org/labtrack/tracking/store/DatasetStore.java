package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.labtrack.tracking.domain.model.DatasetInput;
import org.labtrack.tracking.domain.model.DatasetSummary;
import org.labtrack.tracking.domain.model.Tag;

/** Datasets of an experiment and the inputs that link them to runs (MLflow's inputs model). */
@ApplicationScoped
public class DatasetStore {
  private static final String DATASET = "DATASET";
  private static final String RUN = "RUN";
  /** The input tag that says in which role (training, evaluation, ...) a run used a dataset. */
  public static final String CONTEXT_TAG = "mlflow.data.context";

  private final NativeQueries queries;

  DatasetStore(NativeQueries queries) {
    this.queries = queries;
  }

  /**
   * Records that the run used these datasets. A dataset is identified within its experiment by
   * (name, digest) and stored once; an input already linked is kept with its original tags, as in
   * MLflow. Idempotent, so a retried request changes nothing.
   */
  public void link(long experimentId, String runUuid, List<DatasetInput> inputs) {
    queries.useConnection(c -> {
      for (DatasetInput input : inputs) {
        DatasetInput.Dataset d = input.dataset();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO datasets (dataset_uuid, "
            + "experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, "
            + "dataset_profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE dataset_uuid = dataset_uuid")) {
          insert.setString(1, newId());
          insert.setLong(2, experimentId);
          insert.setString(3, d.name());
          insert.setString(4, d.digest());
          insert.setString(5, d.sourceType());
          insert.setString(6, d.source());
          insert.setString(7, d.schema());
          insert.setString(8, d.profile());
          insert.executeUpdate();
        }
        String datasetUuid;
        try (PreparedStatement find = c.prepareStatement("SELECT dataset_uuid FROM datasets "
            + "WHERE experiment_id = ? AND name = ? AND digest = ?")) {
          find.setLong(1, experimentId);
          find.setString(2, d.name());
          find.setString(3, d.digest());
          try (ResultSet rs = find.executeQuery()) {
            rs.next();
            datasetUuid = rs.getString(1);
          }
        }
        String inputUuid = newId();
        try (PreparedStatement link = c.prepareStatement("INSERT INTO inputs (input_uuid, "
            + "source_type, source_id, destination_type, destination_id) VALUES (?, ?, ?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE input_uuid = input_uuid")) {
          link.setString(1, inputUuid);
          link.setString(2, DATASET);
          link.setString(3, datasetUuid);
          link.setString(4, RUN);
          link.setString(5, runUuid);
          link.executeUpdate();
        }
        // The driver reports "found" rows, so whether this request created the link is read back.
        boolean created;
        try (PreparedStatement find = c.prepareStatement("SELECT input_uuid FROM inputs "
            + "WHERE source_type = ? AND source_id = ? AND destination_type = ? "
            + "AND destination_id = ?")) {
          find.setString(1, DATASET);
          find.setString(2, datasetUuid);
          find.setString(3, RUN);
          find.setString(4, runUuid);
          try (ResultSet rs = find.executeQuery()) {
            created = rs.next() && inputUuid.equals(rs.getString(1));
          }
        }
        if (created && input.tags() != null && !input.tags().isEmpty()) {
          try (PreparedStatement tag = c.prepareStatement("INSERT INTO input_tags "
              + "(input_uuid, name, value) VALUES (?, ?, ?) "
              + "ON DUPLICATE KEY UPDATE value = VALUES(value)")) {
            for (Tag t : input.tags()) {
              tag.setString(1, inputUuid);
              tag.setString(2, t.key());
              tag.setString(3, t.value());
              tag.addBatch();
            }
            tag.executeBatch();
          }
        }
      }
    });
  }

  /** The dataset inputs of each run, in the order they were logged. */
  public Map<String, List<DatasetInput>> inputs(Collection<String> runUuids) {
    Map<String, Map<String, DatasetInput>> byRun = new LinkedHashMap<>();
    Map<String, DatasetInput> byInput = new HashMap<>();
    queries.queryIn("SELECT i.destination_id, i.input_uuid, d.name, d.digest, "
        + "d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile, "
        + "t.name, t.value FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id "
        + "LEFT JOIN input_tags t ON t.input_uuid = i.input_uuid "
        + "WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' "
        + "AND i.destination_id IN (%s) ORDER BY i.destination_id, d.name, d.digest, t.name",
        runUuids, rs -> {
          String inputUuid = rs.getString(2);
          DatasetInput input = byInput.get(inputUuid);
          if (input == null) {
            input = new DatasetInput(new ArrayList<>(), new DatasetInput.Dataset(
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8)));
            byInput.put(inputUuid, input);
            byRun.computeIfAbsent(rs.getString(1), r -> new LinkedHashMap<>())
                .put(inputUuid, input);
          }
          if (rs.getString(9) != null) {
            input.tags().add(new Tag(rs.getString(9), rs.getString(10)));
          }
        });
    Map<String, List<DatasetInput>> result = new HashMap<>();
    byRun.forEach((run, inputs) -> result.put(run, List.copyOf(inputs.values())));
    return result;
  }

  /**
   * The distinct (experiment, dataset, context) triples of these experiments' inputs, at most
   * {@code limit}, as MLflow's SQL store answers SearchDatasets: runs of any lifecycle stage
   * count, and an input without a context tag gives a summary without one.
   */
  public List<DatasetSummary> summaries(Collection<Long> experimentIds, int limit) {
    List<DatasetSummary> summaries = new ArrayList<>();
    queries.queryIn("SELECT DISTINCT d.experiment_id, d.name, d.digest, t.value FROM datasets d "
        + "JOIN inputs i ON i.source_type = 'DATASET' AND i.source_id = d.dataset_uuid "
        + "LEFT JOIN input_tags t ON t.input_uuid = i.input_uuid AND t.name = ? "
        + "WHERE d.experiment_id IN (%s) ORDER BY d.experiment_id, d.name, d.digest, t.value "
        + "LIMIT ?", List.of(CONTEXT_TAG), experimentIds, List.of(limit),
        rs -> summaries.add(new DatasetSummary(Long.toString(rs.getLong(1)), rs.getString(2),
            rs.getString(3), rs.getString(4))));
    // one statement per 500 ids, each limited: over many ids the first `limit` stand
    return summaries.size() > limit ? List.copyOf(summaries.subList(0, limit)) : summaries;
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
