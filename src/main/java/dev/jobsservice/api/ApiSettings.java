package dev.jobsservice.api;

import dev.jobsservice.jobs.QueueSettings;
import io.vertx.redis.client.RedisOptions;
import java.util.List;

/**
 * What the HTTP verticle needs: where to listen, how to reach Redis, how the queue treats jobs,
 * the largest request body and deepest JSON it accepts, the job type used when a request names
 * none, the bearer token that guards it ({@code authToken} null: none; {@code authAll}: every
 * request needs it, else only those that change something), the largest dataset upload
 * (streamed to a file, so it may be far larger than a body held in memory), and the limits of
 * waiting and watching, and the named queues ({@code queue} has the base prefix; each queue's
 * settings are {@code queue.forQueue(name)}).
 */
public record ApiSettings(String host, int port, RedisOptions redis, QueueSettings queue, long bodyLimitBytes,
    int maxJsonDepth, String defaultType, String authToken, boolean authAll, long dataLimitBytes,
    LiveSettings live, List<String> queues) {

  public ApiSettings {
    queues = List.copyOf(queues);
    if (!queues.contains(QueueSettings.DEFAULT_QUEUE)) {
      throw new IllegalArgumentException("the queues must include " + QueueSettings.DEFAULT_QUEUE);
    }
  }

  /** With the default queue alone. */
  public ApiSettings(String host, int port, RedisOptions redis, QueueSettings queue, long bodyLimitBytes,
      int maxJsonDepth, String defaultType, String authToken, boolean authAll, long dataLimitBytes,
      LiveSettings live) {
    this(host, port, redis, queue, bodyLimitBytes, maxJsonDepth, defaultType, authToken, authAll, dataLimitBytes,
        live, List.of(QueueSettings.DEFAULT_QUEUE));
  }

  public String prefix() {
    return queue.prefix();
  }
}
