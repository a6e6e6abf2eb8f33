-- Model Registry, shaped like MLflow's registry tables (registered_models, model_versions, their
-- tags and aliases). Names are the keys, compared byte-wise (utf8mb4_bin), so 'Model' and 'model'
-- are two models as in MLflow. A rename moves every child row through ON UPDATE CASCADE.
CREATE TABLE registered_models (
  name              VARCHAR(256)  NOT NULL,
  creation_time     BIGINT        NULL,
  last_updated_time BIGINT        NULL,
  description       VARCHAR(5000) NULL,
  PRIMARY KEY (name),
  INDEX registered_models_updated_ix (last_updated_time, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A deleted version stays as a redacted row in stage 'Deleted_Internal' (as in MLflow), so its
-- number is never handed out again.
CREATE TABLE model_versions (
  name              VARCHAR(256)  NOT NULL,
  version           INT           NOT NULL,
  creation_time     BIGINT        NULL,
  last_updated_time BIGINT        NULL,
  description       VARCHAR(5000) NULL,
  user_id           VARCHAR(256)  NULL,
  current_stage     VARCHAR(20)   NOT NULL,
  source            VARCHAR(2048) NULL,
  storage_location  VARCHAR(2048) NULL,
  run_id            VARCHAR(32)   NULL,
  run_link          VARCHAR(2048) NULL,
  status            VARCHAR(20)   NOT NULL,
  status_message    VARCHAR(500)  NULL,
  model_id          VARCHAR(36)   NULL,
  PRIMARY KEY (name, version),
  CONSTRAINT model_versions_model_fk FOREIGN KEY (name)
    REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  INDEX model_versions_run_ix (run_id),
  INDEX model_versions_updated_ix (last_updated_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Tag values may be 100,000 characters (MLflow 3's limit; prompts keep their text in a tag).
CREATE TABLE registered_model_tags (
  name    VARCHAR(256) NOT NULL,
  `key`   VARCHAR(250) NOT NULL,
  value   MEDIUMTEXT   NULL,
  PRIMARY KEY (name, `key`),
  CONSTRAINT registered_model_tags_model_fk FOREIGN KEY (name)
    REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE model_version_tags (
  name    VARCHAR(256) NOT NULL,
  version INT          NOT NULL,
  `key`   VARCHAR(250) NOT NULL,
  value   MEDIUMTEXT   NULL,
  PRIMARY KEY (name, version, `key`),
  CONSTRAINT model_version_tags_version_fk FOREIGN KEY (name, version)
    REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE registered_model_aliases (
  name    VARCHAR(256) NOT NULL,
  alias   VARCHAR(256) NOT NULL,
  version INT          NOT NULL,
  PRIMARY KEY (name, alias),
  CONSTRAINT registered_model_aliases_model_fk FOREIGN KEY (name)
    REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
