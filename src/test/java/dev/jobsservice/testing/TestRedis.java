package dev.jobsservice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;

/**
 * The one Redis the tests of this JVM share, found in this order: {@code REDIS_URL} if set;
 * Testcontainers where a Docker engine answers; a {@code redis-server} spawned on a free port;
 * the embedded one. Never skipped. Tests keep apart by key prefix ({@link #prefix()}).
 */
public final class TestRedis {
  private static String url;
  private static String how;

  private TestRedis() {
  }

  public static synchronized String url() {
    if (url == null) {
      try {
        start();
      } catch (IOException e) {
        throw new IllegalStateException("no Redis for the tests: " + e.getMessage(), e);
      }
      System.out.println("tests use Redis at " + url + " (" + how + ")");
    }
    return url;
  }

  /** A key prefix no other test uses. */
  public static String prefix() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void start() throws IOException {
    String env = System.getenv("REDIS_URL");
    if (env != null && !env.isBlank()) {
      url = env;
      how = "REDIS_URL";
      return;
    }
    if (dockerLikely() && DockerClientFactory.instance().isDockerAvailable()) {
      GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
      container.start();
      url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
      how = "Testcontainers";
      return;
    }
    if (RedisProcess.available()) {
      RedisProcess process = RedisProcess.start(false);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          process.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      url = process.url();
      how = "spawned redis-server";
      return;
    }
    int port = RedisProcess.freePort();
    RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
        .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
    server.start();
    url = "redis://127.0.0.1:" + port;
    how = "embedded-redis";
  }

  /** Asking Testcontainers costs seconds of probing when there is plainly no engine. */
  private static boolean dockerLikely() {
    return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
  }
}
