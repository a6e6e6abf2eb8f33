-- MLflow 3 LoggedModels (logged_models and its params, tags and metrics, as in MLflow's SQL
-- store). Which run produced which model is kept in the existing inputs table, as MLflow does:
-- source_type 'RUN_OUTPUT' / destination_type 'MODEL_OUTPUT' with the step.
CREATE TABLE logged_models (
  model_id                  VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  experiment_id             BIGINT        NOT NULL,
  name                      VARCHAR(500)  NOT NULL,
  artifact_location         VARCHAR(2048) NOT NULL,
  creation_timestamp_ms     BIGINT        NOT NULL,
  last_updated_timestamp_ms BIGINT        NOT NULL,
  status                    INT           NOT NULL,
  lifecycle_stage           VARCHAR(32)   NOT NULL,
  model_type                VARCHAR(500)  NULL,
  source_run_id             VARCHAR(32)   NULL,
  status_message            VARCHAR(1000) NULL,
  PRIMARY KEY (model_id),
  CONSTRAINT logged_models_experiment_fk FOREIGN KEY (experiment_id)
    REFERENCES experiments (experiment_id) ON DELETE CASCADE,
  -- search: experiment, live models, newest first
  INDEX logged_models_experiment_ix (experiment_id, lifecycle_stage, creation_timestamp_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE logged_model_params (
  model_id      VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  experiment_id BIGINT       NOT NULL,
  param_key     VARCHAR(255) NOT NULL,
  param_value   MEDIUMTEXT   NOT NULL,
  PRIMARY KEY (model_id, param_key),
  CONSTRAINT logged_model_params_model_fk FOREIGN KEY (model_id)
    REFERENCES logged_models (model_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE logged_model_tags (
  model_id      VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  experiment_id BIGINT       NOT NULL,
  tag_key       VARCHAR(255) NOT NULL,
  tag_value     MEDIUMTEXT   NOT NULL,
  PRIMARY KEY (model_id, tag_key),
  CONSTRAINT logged_model_tags_model_fk FOREIGN KEY (model_id)
    REFERENCES logged_models (model_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Run metrics logged with a model_id are linked to the model here, per dataset when given.
CREATE TABLE logged_model_metrics (
  model_id            VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  metric_name         VARCHAR(500) NOT NULL,
  metric_timestamp_ms BIGINT       NOT NULL,
  metric_step         BIGINT       NOT NULL,
  metric_value        DOUBLE       NULL,
  experiment_id       BIGINT       NOT NULL,
  run_id              CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  dataset_uuid        VARCHAR(36)  NULL,
  dataset_name        VARCHAR(500) NULL,
  dataset_digest      VARCHAR(36)  NULL,
  PRIMARY KEY (model_id, metric_name, metric_timestamp_ms, metric_step, run_id),
  CONSTRAINT logged_model_metrics_model_fk FOREIGN KEY (model_id)
    REFERENCES logged_models (model_id) ON DELETE CASCADE,
  INDEX logged_model_metrics_name_ix (metric_name, metric_value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
