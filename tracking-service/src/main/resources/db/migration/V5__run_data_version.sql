-- A counter every change to a run moves, in the same transaction as the change: what the run
-- looks like in answers (its row, tags, params, latest metrics, inputs and outputs) is the same
-- while the counter is. Each tracking-service replica keeps the JSON of runs it answered and
-- serves it again while the database still holds the version it was read under (RunAnswers).
-- Writers take the run's row lock by moving it (RunStore.lockForDataWrite): the lock V1 calls
-- shared is now exclusive, so writers of one run queue; the guarantee V1 relies on holds.
-- An added column with a default is an instant change on MariaDB 10.3+ and MySQL 8.0.12+.
ALTER TABLE runs ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;
