package dev.jobsservice.worker;

import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests that play a worker through {@link JobQueue} share: a Vert.x of their own, a
 * client of the test Redis, and bounded waits.
 */
abstract class QueueFixture {
  protected Vertx vertx;
  protected Redis redis;

  @BeforeEach
  void client() {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, TestRedis.url());
  }

  @AfterEach
  void close() throws Exception {
    redis.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  protected <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  /** One blocking take by {@code worker}, on a connection opened for it (at most 1 s). */
  protected String take(JobQueue worker) throws Exception {
    RedisConnection conn = await(redis.connect());
    try {
      return await(worker.take(conn, 1));
    } finally {
      conn.close();
    }
  }
}
