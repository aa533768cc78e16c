-- The console's failed jobs of one exception class (a failed group, a jobs search by class),
-- newest failure first: found through this index instead of reading every failed row. Written
-- only when a job fails (one index entry more per failure); nothing on the claim, completion
-- or enqueue path touches it. No index on jqueue_jobs is added for the console.
CREATE INDEX jqueue_fe_class_created_idx ON jqueue_failed_executions (exception_class, created_at, job_id);
