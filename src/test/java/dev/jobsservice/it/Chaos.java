package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the chaos ITs share: the Redis and the JVMs they start (all killed at the end, the JVMs'
 * logs printed), a small dataset for summary jobs to read, and the mix of jobs clients submit.
 */
final class Chaos implements AutoCloseable {
  private final List<JarProcess> processes = new ArrayList<>();
  private RedisProcess redis;

  /** A redis-server of this test's own, stopped at the end; {@code args} as for RedisProcess. */
  RedisProcess redis(boolean appendOnly, String... args) throws Exception {
    redis = RedisProcess.start(appendOnly, args);
    return redis;
  }

  /**
   * Starts a JVM and waits until it has started. One at a time: JVMs starting together on a
   * 2-core machine starved each other's event loops past Vert.x's 2 s blocked-thread warning,
   * which CI counts as a failure.
   */
  JarProcess start(String name, Map<String, String> env) throws Exception {
    JarProcess p = JarProcess.start(name, env);
    processes.add(p);
    p.waitForStarted();
    return p;
  }

  /** 300 records, so that summary jobs read Redis while they run. */
  static void loadData(Http http) {
    StringBuilder data = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      data.append(i == 0 ? "" : ",").append("{\"year\":").append(1990 + i % 30).append(",\"v\":").append(i).append('}');
    }
    assertEquals(201, http.post("/data", data.append(']').toString(), "application/json").status());
  }

  /** Job n of the mix: two sleeps of {@code minMs} to {@code minMs + spreadMs}, then a summary. */
  static String job(int n, int minMs, int spreadMs) {
    return n % 3 == 2 ? "{\"start\":2000,\"end\":2010,\"params\":{\"value\":\"v\"}}"
        : "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":" + (minMs + (n * 37) % spreadMs) + "}}";
  }

  @Override
  public void close() throws Exception {
    for (JarProcess p : processes) {
      p.close();
    }
    if (redis != null) {
      redis.close();
    }
  }
}
