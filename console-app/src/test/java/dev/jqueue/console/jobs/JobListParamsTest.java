package dev.jqueue.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.QueryParameters;
import dev.jqueue.JobState;
import dev.jqueue.console.ui.Links;
import dev.jqueue.reads.Count;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobSort;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobListParamsTest {

    @Test
    void aLinkRestoresTheSameFilterSortAndPage() {
        JobFilter filter = JobFilter.state(JobState.SCHEDULED).withQueue("mail out").withTaskPath("send")
                .withConcurrencyKey("acct:1").withUniqueKey("report:7").withRecurringKey("nightly")
                .withJobId(UUID.fromString("0196a0b2-0000-7000-8000-000000000001")).withArgumentText("<b>&")
                .withExceptionClass("x.Y").withCreated(Instant.parse("2026-05-01T12:00:00Z"), Instant.parse("2026-05-02T00:00:00Z"));
        JobListParams params = new JobListParams(filter, JobSort.parse("-priority"), 3, java.util.List.of());

        String url = "jobs" + Links.query(params.toParams("default"));
        JobListParams parsed = JobListParams.parse(QueryParameters.fromString(url.substring(url.indexOf('?') + 1)));

        assertThat(parsed.filter()).isEqualTo(filter);
        assertThat(parsed.sort()).isEqualTo(JobSort.parse("-priority"));
        assertThat(parsed.page()).isEqualTo(3);
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void badValuesAreDroppedAndReported() {
        JobListParams parsed = JobListParams.parse(QueryParameters.fromString(
                "state=exploded&id=nope&from=yesterday&sort=colour&page=x&queue=mail"));

        assertThat(parsed.filter()).isEqualTo(JobFilter.none().withQueue("mail"));
        assertThat(parsed.sort()).isNull();
        assertThat(parsed.page()).isEqualTo(1);
        assertThat(parsed.problems()).hasSize(5);
    }

    @Test
    void changingSortOrFilterStartsAgainOnPageOne() {
        JobListParams onPage4 = new JobListParams(JobFilter.none(), null, 4, java.util.List.of());

        assertThat(onPage4.withSort(JobSort.parse("created")).page()).isEqualTo(1);
        assertThat(onPage4.withFilter(JobFilter.state(JobState.READY)).page()).isEqualTo(1);
        assertThat(onPage4.withPage(5).page()).isEqualTo(5);
    }

    @Test
    void pagerTextShowsCappedTotals() {
        assertThat(JobListing.rangeText(2, 100, new Count(10_000, true))).isEqualTo("101–200 of 10,000+ jobs");
        assertThat(JobListing.rangeText(1, 3, new Count(3, false))).isEqualTo("1–3 of 3 jobs");
        assertThat(JobListing.rangeText(1, 0, new Count(0, false))).isEqualTo("0 jobs");
        assertThat(JobListing.rangeText(9, 0, new Count(120, false))).isEqualTo("No jobs on page 9 (of 120 jobs)");
    }

    @Test
    void shortNamesForCells() {
        assertThat(JobListing.shortTask("dev.jqueue.console.demo.DemoTasks.sendEmail")).isEqualTo("DemoTasks.sendEmail");
        assertThat(JobListing.shortTask("send")).isEqualTo("send");
        assertThat(JobListing.shortTask("a.b.Outer$Tasks.run")).isEqualTo("Tasks.run");
        assertThat(JobListing.shortClass("java.lang.IllegalStateException")).isEqualTo("IllegalStateException");
        assertThat(JobListing.oneLine("a\n  b\tc", 10)).isEqualTo("a b c");
    }
}
