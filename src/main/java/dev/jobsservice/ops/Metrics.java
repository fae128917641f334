package dev.jobsservice.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The meter registry of one service, in Prometheus form: the HTTP server's meters ({@link
 * HttpMeters}), Vert.x's worker-pool meters, JVM meters, and the service's own (queue depth, jobs
 * processed, durations). Each service has a registry of its own, so two services in one JVM (as in
 * tests) never mix counts.
 */
public final class Metrics {
  /** HTTP response time buckets: the API answers in milliseconds; 5 s is its Redis bound. */
  private static final Duration[] HTTP_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Vert.x keeps registries by name, JVM-wide: a name of its own keeps this one apart. */
  private final String name = "jobs-service-" + UUID.randomUUID();

  public Metrics() {
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().equals("vertx.http.server.response.time")) {
          return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos(HTTP_BUCKETS)).build()
              .merge(config);
        }
        return config;
      }
    });
  }

  /** {@code builder} with Vert.x reporting to this registry. */
  public VertxBuilder install(VertxBuilder builder, VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(name)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))
        // HTTP_SERVER too: HttpMeters keeps those meters, under the same names, for less.
        .setDisabledMetricsCategories(Set.of(MetricsDomain.HTTP_SERVER.toCategory(),
            MetricsDomain.EVENT_BUS.toCategory(), MetricsDomain.DATAGRAM_SOCKET.toCategory(),
            MetricsDomain.NET_CLIENT.toCategory(), MetricsDomain.NET_SERVER.toCategory(),
            MetricsDomain.HTTP_CLIENT.toCategory()))
        // Of the pools, only the worker pool (where CPU-heavy analyses run): Redis client pools are
        // named by random ids, and a reconnect makes a new one, so their series would pile up.
        .addLabelMatch(new Match().setDomain(MetricsDomain.NAMED_POOLS).setLabel(Label.POOL_TYPE.toString())
            .setValue("worker"));
    return builder.with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry));
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in the Prometheus text format (0.0.4). */
  String scrape() {
    return registry.scrape();
  }

  private static double[] nanos(Duration[] buckets) {
    double[] out = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      out[i] = buckets[i].toNanos();
    }
    return out;
  }
}
