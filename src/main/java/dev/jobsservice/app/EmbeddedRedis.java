package dev.jobsservice.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A redis-server started from the binary bundled in the jar, for a machine with no Redis: bound
 * to 127.0.0.1, with append-only persistence in a local directory so jobs survive a restart.
 */
final class EmbeddedRedis implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedRedis start(Path dir, int port) throws IOException {
    Path data = dir.toAbsolutePath();
    Files.createDirectories(data);
    RedisServer server = RedisServer.newRedisServer()
        .bind("127.0.0.1")
        .port(port)
        .setting("appendonly yes")
        .setting("appendfsync everysec")
        .setting("save \"\"")
        .setting("dir \"" + data.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .onShutdownForceStop(true)
        .build();
    server.start();
    log.warn("No Redis configured and none answering on localhost:{}: started an embedded Redis on "
        + "127.0.0.1:{} with append-only persistence in {}. Set REDIS_URL to use your own.", port, port, data);
    return new EmbeddedRedis(server, port);
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      log.warn("stopping the embedded Redis failed: {}", e.toString());
    }
  }
}
