package dev.jobsservice.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
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

  /** Calls of {@code command} (lower case) since the server started (INFO commandstats). */
  public long calls(String command) {
    String info = send(Request.cmd(Command.INFO).arg("commandstats")).toString();
    return info.lines().filter(line -> line.startsWith("cmdstat_" + command + ":")).findFirst()
        .map(line -> Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"))).orElse(0L);
  }

  /** Clients whose last (or blocked) command is {@code command} (lower case): CLIENT LIST's {@code cmd=}. */
  public long clientsIn(String command) {
    String list = send(Request.cmd(Command.CLIENT).arg("LIST")).toString();
    return list.lines().filter(line -> line.contains(" cmd=" + command + " ")).count();
  }

  @Override
  public void close() throws Exception {
    redis.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
