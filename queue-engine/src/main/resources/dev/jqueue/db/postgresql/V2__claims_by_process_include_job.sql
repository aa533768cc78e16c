-- Claims of a process: process_id as the key, job_id carried along (INCLUDE) instead of a
-- second key column. With job_id a key column, a completion's "job_id = ANY(...)" could be
-- planned as a full scan of this index whenever the claims table was analyzed while empty
-- (the usual state of an idle queue); as an included column it cannot be an index condition,
-- so the unique job_id index is the only way in.
DROP INDEX jqueue_ce_process_job_idx;
CREATE INDEX jqueue_ce_process_job_idx ON jqueue_claimed_executions (process_id) INCLUDE (job_id);
