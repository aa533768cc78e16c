package dev.jqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.bench.peers.PeerDrain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peer scenarios' options and report, without a database (their runs need PostgreSQL or MariaDB). */
class PeerScenariosTest {

    @Test
    void peersAreChosenByNameAndNeverPartOfAll() {
        assertThat(new Options("--db=postgres").scenarios).doesNotContainAnyElementsOf(PeerDrain.SCENARIOS);
        Options options = new Options("--db=mariadb", "--scenario=worker-drain,peer-drain-db-scheduler,peer-drain-jobrunr");
        assertThat(options.scenarios).containsExactly("worker-drain", PeerDrain.DB_SCHEDULER, PeerDrain.JOBRUNR);
        assertThat(options.sizesFor(PeerDrain.JOBRUNR)).containsExactly(20_000);
        assertThat(new Options("--scenario=peer-drain-jobrunr", "--size=2000").sizesFor(PeerDrain.JOBRUNR))
                .containsExactly(2_000);
        assertThatThrownBy(() -> new Options("--db=sqlite", "--scenario=peer-drain-jobrunr"))
                .hasMessageContaining("postgres or mariadb");
    }

    @Test
    void reportPutsPeersBesideTheBestWorkerDrain() {
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(record("worker-drain", Map.of("shape", "1x16p4", "stats", "fresh"), 3000));
        records.add(record("worker-drain", Map.of("shape", "2x16p4", "stats", "fresh"), 5000));
        records.add(record(PeerDrain.DB_SCHEDULER, Map.of("peer", "db-scheduler"), 1000));
        records.add(record(PeerDrain.DB_SCHEDULER, Map.of("peer", "db-scheduler"), 2000));

        String markdown = Report.markdown(records);

        assertThat(markdown).contains("#### peer-drain-db-scheduler (key metric: jobs_per_second",
                "#### drain: jqueue beside its peers", "| 2000 | 5,000 (2x16p4 fresh) | 1,500 (0.30×) |");
    }

    private static Map<String, Object> record(String scenario, Map<String, Object> params, double jobsPerSecond) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", scenario);
        r.put("db", "postgres");
        r.put("size", 2000);
        r.put("params", params);
        r.put("metrics", Map.of("jobs_per_second", jobsPerSecond));
        return r;
    }
}
