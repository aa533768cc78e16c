-- One row per backend: claims lock it in share mode, a pause locks it exclusively once to wait
-- for the claims in flight (see dev.jqueue.sql.RowClaimGate). Rows are created on first use.
CREATE TABLE jqueue_claim_gates (
    backend_alias varchar(64) NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
