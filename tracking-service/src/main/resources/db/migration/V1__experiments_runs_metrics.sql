-- LabTrack tracking schema, MySQL 8 and MariaDB 10.11 alike.
-- Names and keys use utf8mb4_bin so uniqueness and '=' stay case-sensitive, as in MLflow.
-- Run and dataset ids are ASCII: smaller keys, byte-wise comparison.

CREATE TABLE experiments (
  experiment_id     BIGINT       NOT NULL AUTO_INCREMENT,
  name              VARCHAR(500) NOT NULL,
  artifact_location VARCHAR(2048) NULL,
  lifecycle_stage   VARCHAR(32)  NOT NULL,
  creation_time     BIGINT       NOT NULL,
  last_update_time  BIGINT       NOT NULL,
  PRIMARY KEY (experiment_id),
  CONSTRAINT experiments_name_uq UNIQUE (name),
  INDEX experiments_creation_ix (creation_time, experiment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE experiment_tags (
  experiment_id BIGINT       NOT NULL,
  `key`         VARCHAR(250) NOT NULL,
  value         TEXT         NULL,
  PRIMARY KEY (experiment_id, `key`),
  CONSTRAINT experiment_tags_experiment_fk FOREIGN KEY (experiment_id)
    REFERENCES experiments (experiment_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE runs (
  run_uuid        CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  experiment_id   BIGINT        NOT NULL,
  name            VARCHAR(250)  NULL,
  user_id         VARCHAR(256)  NULL,
  status          VARCHAR(20)   NOT NULL,
  start_time      BIGINT        NULL,
  end_time        BIGINT        NULL,
  deleted_time    BIGINT        NULL,
  lifecycle_stage VARCHAR(20)   NOT NULL,
  artifact_uri    VARCHAR(2048) NULL,
  PRIMARY KEY (run_uuid),
  CONSTRAINT runs_experiment_fk FOREIGN KEY (experiment_id)
    REFERENCES experiments (experiment_id) ON DELETE CASCADE,
  -- search_runs' default order within an experiment (start_time DESC, run_uuid ASC) read
  -- straight from the index, for any view type; lifecycle_stage rides along to filter there.
  INDEX runs_experiment_start_ix (experiment_id, start_time DESC, run_uuid, lifecycle_stage)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every logged point. Clustered by run and key in MLflow's history order (timestamp, step, value),
-- so get-history is one range scan. The whole point is the key: re-sending a point is a no-op.
-- No foreign key on this table or latest_metrics: they take most writes, a per-row parent check
-- cost 10-20% of logging throughput, and every writer already holds a shared lock on its run
-- row (RunStore.lockForDataWrite), which is the same guarantee. Runs are never hard-deleted; a
-- future purge must delete their points explicitly.
CREATE TABLE metrics (
  run_uuid    CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `key`       VARCHAR(250) NOT NULL,
  timestamp   BIGINT       NOT NULL,
  step        BIGINT       NOT NULL,
  value       DOUBLE       NOT NULL,
  is_nan      BOOLEAN      NOT NULL,
  PRIMARY KEY (run_uuid, `key`, timestamp, step, value, is_nan)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The newest point per (run, key) by MLflow's rule: greatest (step, timestamp, value).
CREATE TABLE latest_metrics (
  run_uuid    CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `key`       VARCHAR(250) NOT NULL,
  value       DOUBLE       NOT NULL,
  timestamp   BIGINT       NOT NULL,
  step        BIGINT       NOT NULL,
  is_nan      BOOLEAN      NOT NULL,
  PRIMARY KEY (run_uuid, `key`),
  -- search filters and orders on one metric's latest value across many runs
  INDEX latest_metrics_key_value_ix (`key`, is_nan, value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE params (
  run_uuid CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `key`    VARCHAR(250)  NOT NULL,
  value    VARCHAR(8000) NOT NULL,
  PRIMARY KEY (run_uuid, `key`),
  CONSTRAINT params_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE tags (
  run_uuid CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `key`    VARCHAR(250)  NOT NULL,
  value    VARCHAR(8000) NULL,
  PRIMARY KEY (run_uuid, `key`),
  CONSTRAINT tags_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Datasets belong to an experiment and are shared by the runs that use them.
CREATE TABLE datasets (
  dataset_uuid        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  experiment_id       BIGINT       NOT NULL,
  name                VARCHAR(500) NOT NULL,
  digest              VARCHAR(36)  NOT NULL,
  dataset_source_type VARCHAR(36)  NOT NULL,
  dataset_source      MEDIUMTEXT   NOT NULL,
  dataset_schema      MEDIUMTEXT   NULL,
  dataset_profile     LONGTEXT     NULL,
  PRIMARY KEY (experiment_id, name, digest),
  CONSTRAINT datasets_uuid_uq UNIQUE (dataset_uuid),
  CONSTRAINT datasets_experiment_fk FOREIGN KEY (experiment_id)
    REFERENCES experiments (experiment_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A link from a source (a dataset) to a destination (a run), as MLflow's inputs table.
CREATE TABLE inputs (
  input_uuid       CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  source_type      VARCHAR(36) NOT NULL,
  source_id        VARCHAR(36) NOT NULL,
  destination_type VARCHAR(36) NOT NULL,
  destination_id   VARCHAR(36) NOT NULL,
  step             BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (source_type, source_id, destination_type, destination_id),
  CONSTRAINT inputs_uuid_uq UNIQUE (input_uuid),
  INDEX inputs_destination_ix (destination_type, destination_id, source_type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE input_tags (
  input_uuid CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name       VARCHAR(255) NOT NULL,
  value      VARCHAR(500) NOT NULL,
  PRIMARY KEY (input_uuid, name),
  CONSTRAINT input_tags_input_fk FOREIGN KEY (input_uuid) REFERENCES inputs (input_uuid) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
