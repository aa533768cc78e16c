package dev.jqueue.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /jqueue/stats.json} ({@code {"backends": [ … ]}}, one entry per backend in
 * configuration order) and {@code GET /jqueue/metrics} (Prometheus text, format 0.0.4), both
 * from fresh snapshots. With {@code jqueue.observability.token} set, both require
 * {@code Authorization: Bearer <token>} and answer 401 with {@code WWW-Authenticate: Bearer}
 * otherwise. An application with its own security filter chain must let {@code /jqueue/**} through
 * to reach this controller (the token is the protection).
 */
@RestController
public class ObservabilityController {

    private static final Logger log = LoggerFactory.getLogger(ObservabilityController.class);
    static final String NO_PROMETHEUS = "add io.micrometer:micrometer-registry-prometheus to enable /jqueue/metrics\n";

    private final JQueueObservability observability;
    private final BearerToken token;
    private final ObjectProvider<MetricsScrape> metrics;

    public ObservabilityController(JQueueObservability observability, BearerToken token,
                                   ObjectProvider<MetricsScrape> metrics) {
        this.observability = observability;
        this.token = token;
        this.metrics = metrics;
    }

    @GetMapping("/jqueue/stats.json")
    public ResponseEntity<String> stats(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!token.permits(authorization)) {
            return unauthorized();
        }
        try {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(observability.statsJson());
        } catch (RuntimeException e) {
            return unavailable(e);
        }
    }

    @GetMapping("/jqueue/metrics")
    public ResponseEntity<String> metrics(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!token.permits(authorization)) {
            return unauthorized();
        }
        MetricsScrape scrape = metrics.getIfAvailable();
        if (scrape == null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN).body(NO_PROMETHEUS);
        }
        try {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, scrape.contentType()).body(scrape.scrape());
        } catch (RuntimeException e) {
            return unavailable(e);
        }
    }

    private static ResponseEntity<String> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.TEXT_PLAIN).body("unauthorized\n");
    }

    private static ResponseEntity<String> unavailable(RuntimeException e) {
        log.warn("jqueue observability read failed: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN)
                .body("jqueue stats unavailable: " + e.getMessage() + "\n");
    }
}
