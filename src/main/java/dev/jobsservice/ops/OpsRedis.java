package dev.jobsservice.ops;

import dev.jobsservice.jobs.JobStore;
import dev.jobsservice.jobs.QueueCounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Redis connection of the health checks and the queue-depth gauges: apart from the API's and
 * the workers', so a probe never waits behind their traffic, and bounded in time.
 */
final class OpsRedis {
  /**
   * The longest a probe waits for Redis. Redis answers a PING in microseconds; one that takes a
   * second is not serving the service either. Below Kubernetes' probe timeout (3 s in k8s/).
   */
  static final long TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final RedisOptions options;
  /** Queue name → key prefix, in configured order. */
  private final Map<String, String> queuePrefixes;
  private volatile Client client;

  private record Client(Redis redis, List<JobStore> stores) {
  }

  OpsRedis(Vertx vertx, RedisOptions options, Map<String, String> queuePrefixes) {
    this.vertx = vertx;
    this.options = options;
    this.queuePrefixes = new LinkedHashMap<>(queuePrefixes);
    this.client = open();
  }

  /** The queues' names, in the order {@link #counts} answers. */
  List<String> queues() {
    return List.copyOf(queuePrefixes.keySet());
  }

  /** Succeeds when Redis answers a PING within {@link #TIMEOUT_MS}. */
  Future<Void> ping() {
    return bounded(c -> c.redis().send(Request.cmd(Command.PING))).mapEmpty();
  }

  /** Each queue's depth by state (in {@link #queues} order), within {@link #TIMEOUT_MS}. */
  Future<List<QueueCounts>> counts() {
    return bounded(c -> c.stores().size() == 1 ? c.stores().get(0).counts().map(List::of)
        : Future.all(c.stores().stream().map(JobStore::counts).toList()).map(all -> all.<QueueCounts>list()));
  }

  private <T> Future<T> bounded(Function<Client, Future<T>> call) {
    Client used = client;
    return call.apply(used).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).onFailure(err -> {
      // A timed-out command may still hold its connection: drop the whole client, never reuse it.
      if (used == client) {
        client = open();
        used.redis().close();
      }
    });
  }

  private Client open() {
    Redis redis = Redis.createClient(vertx, options);
    return new Client(redis, queuePrefixes.values().stream().map(p -> JobStore.create(redis, p)).toList());
  }
}
