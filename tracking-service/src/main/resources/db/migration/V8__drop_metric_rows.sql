-- V7 has moved every point into metric_chunks, run by run.
DROP TABLE metrics;
