package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters as Prometheus scrapes them: names, labels, units and values. */
class JobMetricsTest {
  private final Vertx vertx = Vertx.vertx();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void seriesExistAtZeroBeforeTheFirstJob() {
    JobMetrics.bind(vertx, registry);
    String text = registry.scrape();
    assertTrue(text.contains("jobs_processed_total{outcome=\"complete\"} 0.0"), text);
    assertTrue(text.contains("jobs_processed_total{outcome=\"failed\"} 0.0"), text);
    assertTrue(text.contains("jobs_lease_recoveries_total 0.0"), text);
    assertTrue(text.contains("jobs_queue_wait_seconds_count 0"), text);
  }

  @Test
  void outcomesDurationsWaitsAndRecoveriesAreCounted() {
    JobMetrics.bind(vertx, registry);
    JobMetrics metrics = JobMetrics.of(vertx);
    Instant now = Instant.now();
    metrics.waited(ago(now, 3000), ago(now, 1200), 1);
    metrics.ran("sleep", ago(now, 1200), "complete");
    // A second attempt: its wait included a retry's backoff, so it is not a queue wait.
    metrics.waited(ago(now, 60_000), ago(now, 20), 2);
    metrics.ran("summary", ago(now, 20), "failed");
    metrics.ran("summary", ago(now, 20), "handed_back");
    metrics.recovered(3);
    metrics.recovered(0);

    String text = registry.scrape();
    assertTrue(text.contains("jobs_processed_total{outcome=\"complete\"} 1.0"), text);
    assertTrue(text.contains("jobs_processed_total{outcome=\"failed\"} 1.0"), text);
    assertTrue(text.contains("jobs_processed_total{outcome=\"handed_back\"} 1.0"), text);
    assertTrue(text.contains("jobs_lease_recoveries_total 3.0"), text);
    // Only the first attempt's wait counts: 1.8 s, in the 2.5 s bucket, not the 1 s one.
    assertTrue(text.contains("jobs_queue_wait_seconds_count 1"), text);
    assertTrue(text.contains("jobs_queue_wait_seconds_bucket{le=\"1.0\"} 0"), text);
    assertTrue(text.contains("jobs_queue_wait_seconds_bucket{le=\"2.5\"} 1"), text);
    // The sleep job ran about 1.2 s (from its start to now).
    assertTrue(text.contains("jobs_duration_seconds_bucket{outcome=\"complete\",type=\"sleep\",le=\"1.0\"} 0"), text);
    assertTrue(text.contains("jobs_duration_seconds_bucket{outcome=\"complete\",type=\"sleep\",le=\"2.5\"} 1"), text);
    assertTrue(text.contains("jobs_duration_seconds_count{outcome=\"failed\",type=\"summary\"} 1"), text);
    assertTrue(text.contains("# TYPE jobs_duration_seconds histogram"), text);
  }

  @Test
  void aSkewedSubmitClockGivesAZeroWaitAndMissingTimesAreSkipped() {
    JobMetrics.bind(vertx, registry);
    JobMetrics metrics = JobMetrics.of(vertx);
    Instant now = Instant.now();
    metrics.waited(now.plusSeconds(5).toString(), now.toString(), 1);
    metrics.waited(null, now.toString(), 1);
    metrics.waited("yesterday", now.toString(), 1);
    String text = registry.scrape();
    assertTrue(text.contains("jobs_queue_wait_seconds_count 1"), text);
    assertTrue(text.contains("jobs_queue_wait_seconds_sum 0.0"), text);
  }

  @Test
  void aWorkerOnABareVertxRecordsNothingAndDoesNotFail() {
    JobMetrics metrics = JobMetrics.of(vertx);
    Instant now = Instant.now();
    metrics.ran("sleep", now.toString(), "complete");
    metrics.recovered(2);
    assertFalse(registry.scrape().contains("jobs_processed_total"));
  }

  private static String ago(Instant now, long ms) {
    return now.minusMillis(ms).toString();
  }
}
