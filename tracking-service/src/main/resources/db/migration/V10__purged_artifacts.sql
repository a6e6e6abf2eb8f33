-- Artifact roots whose owners (runs, experiments, LoggedModels) a purge removed for good, kept
-- until artifact-service reports their files gone. The owner's rows and this record change in
-- one transaction, so a purge cut short leaves either the owner or a pending root: never files
-- that nothing points to any more. No character set or collation named:
-- the database's defaults are V9's.
CREATE TABLE purged_artifacts (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  uri         VARCHAR(2048) NOT NULL,
  owner       VARCHAR(300)  NOT NULL,
  purged_time BIGINT        NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;
