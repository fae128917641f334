package dev.jobsservice.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/** Direct Redis commands from a test thread, to look at and tamper with what the service stored. */
public final class RedisCli implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Redis redis;

  public RedisCli(String url) {
    redis = Redis.createClient(vertx, url);
  }

  public Response send(Request request) {
    try {
      return redis.send(request).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    redis.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
