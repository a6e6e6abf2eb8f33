-- Bearer tokens the gateway accepts in place of a password (MLFLOW_TRACKING_TOKEN). Only a
-- SHA-256 of the secret is kept; the secret is shown once, when the token is issued.
CREATE TABLE access_tokens (
  token_id    CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  secret_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  user_name   VARCHAR(256) NOT NULL,
  description VARCHAR(500) NULL,
  created_at  BIGINT       NOT NULL,
  expires_at  BIGINT       NULL,
  PRIMARY KEY (token_id),
  CONSTRAINT access_tokens_secret_uq UNIQUE (secret_hash),
  INDEX access_tokens_user_ix (user_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
