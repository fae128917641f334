package dev.jobsservice.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which Redis the service uses: the configured one; else one answering on localhost at
 * the local port (redis.embedded.port, 6379 by default); else an embedded one on that port, so
 * that {@code java -jar} works on a bare machine, and a second process finds the first's.
 */
final class RedisLocator {
  private static final Logger log = LoggerFactory.getLogger(RedisLocator.class);
  /** A local Redis answers a PING in well under a millisecond; this only bounds a dead port. */
  private static final int PROBE_TIMEOUT_MS = 500;

  record Located(String url, EmbeddedRedis embedded) {
  }

  private RedisLocator() {
  }

  static Located locate(AppConfig config) throws IOException {
    if (config.redisUrl() != null || config.topology().mode() != RedisSetup.Mode.STANDALONE) {
      return new Located(config.redisUrl(), null);
    }
    if (answersPing("127.0.0.1", config.embeddedPort())) {
      log.info("No Redis configured: using the one answering on localhost:{}", config.embeddedPort());
      return new Located("redis://127.0.0.1:" + config.embeddedPort(), null);
    }
    EmbeddedRedis embedded = EmbeddedRedis.start(Path.of(config.embeddedDir()), config.embeddedPort());
    return new Located(embedded.url(), embedded);
  }

  /** True if something on host:port speaks Redis (a PONG, or an auth error, which is a Redis too). */
  static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
      socket.setSoTimeout(PROBE_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      String text = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII);
      return text.startsWith("+PONG") || text.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }
}
