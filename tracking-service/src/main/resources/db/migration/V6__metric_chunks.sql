-- Metric points in chunks: each write stores one row per key it logs, holding that key's points
-- packed 24 bytes each (timestamp, step and the value's IEEE bits, NaN for is_nan; see
-- store/Series). In `metrics` every point was a row and an index entry, which made the
-- database's inserts most of logging's cost. Reads take a key's chunks in seq order and settle
-- order and duplicates (a retried request) in the service.
-- seq is the run's data version (V5) that the write moved it to: a write is one version, so
-- (run, key, seq) is unique with no counter to keep; V7's chunks count up from the lowest BIGINT,
-- below every version. No foreign key, for the reason V1 gives for `metrics`.
-- V7 moves `metrics` here, V8 drops it.
CREATE TABLE metric_chunks (
  run_uuid    CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `key`       VARCHAR(250) NOT NULL,
  seq         BIGINT       NOT NULL,
  point_count INT          NOT NULL,
  points      MEDIUMBLOB   NOT NULL,
  PRIMARY KEY (run_uuid, `key`, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
