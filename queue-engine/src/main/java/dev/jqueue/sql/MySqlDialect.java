package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The MySQL family: MySQL 8.0+ and MariaDB 10.6+ (SKIP LOCKED, multi-statement transitions,
 * DATETIME(6) in UTC). Transactions run at READ COMMITTED so that locking reads take no gap
 * locks. Both servers share one migration set ({@code db/mysql}) and one set of statements.
 *
 * <p>Where the two servers differ, jqueue keeps to what both accept, so that every MariaDB
 * run also exercises the exact statements MySQL gets:
 * <ul>
 * <li>no {@code RETURNING}: MySQL has neither {@code INSERT ... RETURNING} nor
 *     {@code DELETE ... RETURNING} (MariaDB has both); new ids come from JDBC generated keys,
 *     consumed rows are selected under lock first ({@link #supportsInsertReturning()},
 *     {@link #supportsSingleStatementLockAndFetch()} are false for both);</li>
 * <li>JSON is stored as {@code LONGTEXT}: MySQL's {@code JSON} type would normalize the
 *     document (key order, spacing) and MariaDB's {@code JSON} is a {@code LONGTEXT} alias, so
 *     text is the one type that round-trips payloads unchanged on both; the engine validates it;</li>
 * <li>no CHECK constraint on a column that a cascading foreign key uses (MySQL 8.0.16+ refuses
 *     it, MariaDB accepts it), no triggers (MySQL with binary logging, its default, needs SUPER
 *     for them), no {@code FOR UPDATE OF}, no UPDATE/DELETE whose subquery reads the target table;</li>
 * <li>queries are valid under MySQL 8's default {@code sql_mode} (ONLY_FULL_GROUP_BY).</li>
 * </ul>
 * What is told apart: the server ({@link #server()}) and its version, which is checked at
 * start-up against the floor (MySQL 8.0, whose 8.0.1 brought SKIP LOCKED; MariaDB 10.6, the
 * first with SKIP LOCKED).
 */
public final class MySqlDialect implements Dialect {

    /** Which server of the family this is. */
    public enum Server {
        MYSQL("MySQL", 8, 0),
        MARIADB("MariaDB", 10, 6);

        private final String label;
        private final int minMajor;
        private final int minMinor;

        Server(String label, int minMajor, int minMinor) {
            this.label = label;
            this.minMajor = minMajor;
            this.minMinor = minMinor;
        }

        public String label() {
            return label;
        }

        /** The oldest supported version, {@code 8.0} or {@code 10.6}. */
        public String minimum() {
            return minMajor + "." + minMinor;
        }
    }

    /** Microsecond timestamps as MySQL's DATETIME(6) literals take them. */
    private static final java.time.format.DateTimeFormatter DATETIME_6 =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final Server server;
    private final String version;
    private final boolean skipLocked;
    private final boolean instantsAsText;

    /** MySQL of unknown version: the statements are the same for the whole family. */
    public MySqlDialect() {
        this(Server.MYSQL, "");
    }

    public MySqlDialect(Server server, String version) {
        this(server, version, true, false);
    }

    /**
     * @param instantsAsText bind instants as DATETIME(6) text: MySQL Connector/J reads a MariaDB
     *     server's {@code 5.5.5-} version as MySQL 5.5, which had no fractional seconds, and drops
     *     them from every timestamp it binds; as text they keep their microseconds
     */
    private MySqlDialect(Server server, String version, boolean skipLocked, boolean instantsAsText) {
        this.server = server;
        this.version = version == null ? "" : version;
        this.skipLocked = skipLocked;
        this.instantsAsText = instantsAsText;
    }

    @Override
    public Dialect withoutSkipLocked() {
        return new MySqlDialect(server, version, false, instantsAsText);
    }

    /**
     * The dialect for what JDBC metadata reports. MySQL Connector/J reports a MariaDB server as
     * product "MySQL" with a version like {@code 5.5.5-10.11.19-MariaDB}; the version tells.
     *
     * @throws IllegalStateException for a server older than the supported floor
     */
    public static MySqlDialect forServer(String product, String version) {
        String text = ((product == null ? "" : product) + " " + (version == null ? "" : version)).toLowerCase(java.util.Locale.ROOT);
        Server server = text.contains("mariadb") ? Server.MARIADB : Server.MYSQL;
        String cleaned = version == null ? "" : version.replaceFirst("^5\\.5\\.5-", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(cleaned);
        if (m.find()) {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            if (major < server.minMajor || (major == server.minMajor && minor < server.minMinor)) {
                throw new IllegalStateException("jqueue needs " + server.label + " " + server.minimum()
                        + " or newer (FOR UPDATE SKIP LOCKED); this server is " + server.label + " " + cleaned);
            }
        }
        return new MySqlDialect(server, cleaned, true, version != null && version.startsWith("5.5.5-"));
    }

    public Server server() {
        return server;
    }

    /** The server's version as reported (MariaDB's without Connector/J's {@code 5.5.5-} prefix). */
    public String serverVersion() {
        return version;
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public boolean supportsSkipLocked() {
        return skipLocked;
    }

    @Override
    public boolean supportsSingleStatementLockAndFetch() {
        return false;
    }

    @Override
    public boolean supportsArrayParameters() {
        return false;
    }

    private final ClaimGate claimGate = new RowClaimGate();

    @Override
    public ClaimGate claimGate() {
        return claimGate;
    }

    @Override
    public boolean supportsListenNotify() {
        return false;
    }

    @Override
    public boolean serializesWrites() {
        return false;
    }

    /** False on both servers: MySQL has no INSERT ... RETURNING; generated keys work on both. */
    @Override
    public boolean supportsInsertReturning() {
        return false;
    }

    @Override
    public String insertOrLock(String table, String columns, String keyColumns, String anyColumn) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + Dialect.placeholders(columns)
                + ") ON DUPLICATE KEY UPDATE " + anyColumn + " = " + anyColumn;
    }

    @Override
    public String insertIgnore(String intoClause) {
        return "INSERT IGNORE INTO " + intoClause;
    }

    @Override
    public String forceIndex(String index) {
        return " FORCE INDEX (" + index + ")";
    }

    /** The execution tables' unique job id indexes, as the migrations name them. */
    private static final java.util.Map<String, String> JOB_ID_INDEXES = java.util.Map.of(
            "jqueue_ready_executions", "jqueue_re_job_uniq", "jqueue_scheduled_executions", "jqueue_se_job_uniq",
            "jqueue_claimed_executions", "jqueue_ce_job_uniq", "jqueue_blocked_executions", "jqueue_bl_job_uniq",
            "jqueue_failed_executions", "jqueue_fe_job_uniq");

    @Override
    public String forceKeyLookup(String executionTable) {
        return forceIndex(JOB_ID_INDEXES.get(executionTable));
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier + "`";
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        // Nothing per connection: the isolation is set per transaction in begin(), so the pool
        // never sees a changed session and has nothing to reset when the connection returns.
    }

    /**
     * {@code SET TRANSACTION ISOLATION LEVEL} without {@code SESSION} applies to the next
     * transaction only: one statement, and the connection goes back to the pool as it came
     * (setting the session level instead costs a second round trip when the pool resets it).
     */
    @Override
    public void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        // A pool configured at READ COMMITTED (the README's advice) needs nothing more; the
        // drivers answer from their own session state once the pool has set the level.
        if (connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            Dialect.execute(connection, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        }
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else if (instantsAsText) {
            ps.setString(index, DATETIME_6.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
        } else {
            ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public String toString() {
        return "mysql (" + server.label + (version.isEmpty() ? "" : " " + version) + ")";
    }

    @Override
    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
