package dev.jqueue.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.JobState;
import dev.jqueue.reads.Count;
import dev.jqueue.reads.JobFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TextHelpersTest {

    @Test
    void cappedCountsReadAsAtLeast() {
        assertThat(CountText.format(new Count(10_000, true))).isEqualTo("10,000+");
        assertThat(CountText.format(new Count(1_234, false))).isEqualTo("1,234");
        assertThat(CountText.of(new Count(1, false), "job", "jobs")).isEqualTo("1 job");
        assertThat(CountText.of(new Count(10_000, true), "job", "jobs")).isEqualTo("10,000+ jobs");
        assertThat(CountText.of(0, "job", "jobs")).isEqualTo("0 jobs");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(DurationText.format(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(DurationText.format(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(DurationText.format(Duration.ofSeconds(184))).isEqualTo("3 min 4 s");
        assertThat(DurationText.format(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(DurationText.format(Duration.ofHours(50))).isEqualTo("2 d 2 h");
        assertThat(DurationText.seconds(1.5)).isEqualTo("1 s");
        assertThat(DurationText.seconds(null)).isEqualTo("–");
    }

    @Test
    void jsonIsIndentedAndNonJsonKeptAsItIs() {
        assertThat(JsonView.pretty("[\"<script>alert(1)</script>\",2]")).contains("\"<script>alert(1)</script>\"");
        assertThat(JsonView.pretty("{\"a\":{\"b\":1}}")).contains("\n").contains("\"b\"");
        assertThat(JsonView.pretty("not json {")).isEqualTo("not json {");
        assertThat(JsonView.pretty(null)).isEqualTo("null");
        assertThat(JsonView.compact("{\"text\": \"" + "x".repeat(100) + "\"}", 20)).hasSize(20).endsWith("…");
    }

    @Test
    void linksCarryTheWholeFilterEncoded() {
        UUID id = UUID.fromString("0196a0b2-0000-7000-8000-000000000001");
        JobFilter filter = JobFilter.state(JobState.FAILED).withQueue("mail out").withTaskPath("Tasks.send")
                .withConcurrencyKey("acct:1").withRecurringKey("nightly").withJobId(id).withArgumentText("a&b")
                .withExceptionClass("java.lang.IllegalStateException")
                .withCreated(Instant.parse("2026-05-01T12:00:00Z"), null);

        assertThat(Links.jobs("default", filter)).isEqualTo("jobs?backend=default&state=failed&queue=mail%20out"
                + "&task=Tasks.send&key=acct%3A1&recurring=nightly&id=" + id + "&q=a%26b"
                + "&error=java.lang.IllegalStateException&from=2026-05-01T12%3A00%3A00Z");
        assertThat(Links.queue("default", "mail/out", JobState.BLOCKED))
                .isEqualTo("queues/mail%2Fout?backend=default&state=blocked");
        assertThat(Links.job("b2", id)).isEqualTo("jobs/" + id + "?backend=b2");
        assertThat(Links.overview(null)).isEqualTo("./");
    }
}
