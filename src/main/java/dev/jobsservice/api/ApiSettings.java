package dev.jobsservice.api;

import dev.jobsservice.jobs.QueueSettings;
import io.vertx.redis.client.RedisOptions;

/**
 * What the HTTP verticle needs: where to listen, how to reach Redis, how the queue treats jobs,
 * the largest request body and deepest JSON it accepts, the job type used when a request names
 * none, the bearer token that guards it ({@code authToken} null: none; {@code authAll}: every
 * request needs it, else only those that change something), the largest dataset upload
 * (streamed to a file, so it may be far larger than a body held in memory), and the limits of
 * waiting and watching.
 */
public record ApiSettings(String host, int port, RedisOptions redis, QueueSettings queue, long bodyLimitBytes,
    int maxJsonDepth, String defaultType, String authToken, boolean authAll, long dataLimitBytes,
    LiveSettings live) {

  public String prefix() {
    return queue.prefix();
  }
}
