package dev.jobsservice.testing;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One master, one replica and three Sentinels (quorum 2) from the redis-server binary, on free
 * loopback ports; the data nodes want {@code password}, the Sentinels none. The Sentinels call a
 * master down after 1 s without an answer (production setups use 5-30 s).
 */
public final class RedisSentinelProcesses implements AutoCloseable {
  public static final String MASTER_NAME = "jobsmaster";
  public static final long DOWN_AFTER_MS = 1000;

  private final String password;
  private final List<RedisProcess> data = new ArrayList<>();
  private final List<Process> sentinels = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private final List<Path> sentinelDirs = new ArrayList<>();

  private RedisSentinelProcesses(String password) {
    this.password = password;
  }

  public static RedisSentinelProcesses start(String password) throws Exception {
    RedisSentinelProcesses s = new RedisSentinelProcesses(password);
    try {
      RedisProcess master = RedisProcess.start(false, "--requirepass", password, "--masterauth", password,
          "--repl-diskless-sync-delay", "0");
      s.data.add(master);
      s.addReplicaOf(master.port());
      for (int i = 0; i < 3; i++) {
        s.startSentinel(master.port());
      }
      // Failover needs the Sentinels to know each other (hello messages every 2 s) and the replica.
      for (int port : s.sentinelPorts) {
        try (RedisCli cli = new RedisCli("redis://127.0.0.1:" + port)) {
          Await.until(Duration.ofSeconds(30), "sentinel " + port + " to see the others and the replica", () ->
              cli.send(Request.cmd(Command.SENTINEL).arg("SENTINELS").arg(MASTER_NAME)).size() == 2
                  && cli.send(Request.cmd(Command.SENTINEL).arg("REPLICAS").arg(MASTER_NAME)).size() >= 1);
        }
      }
      return s;
    } catch (Exception e) {
      s.close();
      throw e;
    }
  }

  /**
   * A new data node replicating the master on {@code masterPort}, as a restarted pod would;
   * returns once its first sync is done (no 5 s diskless-sync delay: the master may not have one).
   */
  public RedisProcess addReplicaOf(int masterPort) throws Exception {
    RedisProcess replica = RedisProcess.start(false, "--requirepass", password, "--masterauth", password,
        "--replicaof", "127.0.0.1", Integer.toString(masterPort), "--repl-diskless-sync-delay", "0");
    data.add(replica);
    try (RedisCli cli = new RedisCli(url(replica.port()))) {
      Await.until(Duration.ofSeconds(20), "the replica on " + replica.port() + " to sync", () ->
          cli.send(Request.cmd(Command.INFO).arg("replication")).toString().contains("master_link_status:up"));
    }
    return replica;
  }

  private void startSentinel(int masterPort) throws IOException {
    int port = RedisProcess.freePort();
    Path dir = Files.createTempDirectory("sentinel-test");
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, String.join("\n",
        "port " + port,
        "bind 127.0.0.1",
        "dir " + dir,
        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
        "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
        "sentinel failover-timeout " + MASTER_NAME + " 10000",
        "sentinel auth-pass " + MASTER_NAME + " " + password, ""));
    Process p = new ProcessBuilder(RedisProcess.binary(), conf.toString(), "--sentinel").redirectErrorStream(true)
        .redirectOutput(dir.resolve("sentinel.log").toFile()).start();
    sentinels.add(p);
    sentinelPorts.add(port);
    sentinelDirs.add(dir);
    Await.until(Duration.ofSeconds(10), "sentinel on " + port, () -> Ping.answers(port) || !p.isAlive());
    if (!p.isAlive()) {
      throw new IOException("redis-server --sentinel did not start: " + Files.readString(dir.resolve("sentinel.log")));
    }
  }

  /** As REDIS_SENTINELS takes them: host:port,host:port,host:port. */
  public String sentinels() {
    return sentinelPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** The master's port as the first Sentinel that answers tells it. */
  public int masterPort() {
    for (int port : sentinelPorts) {
      try (RedisCli cli = new RedisCli("redis://127.0.0.1:" + port)) {
        Response addr = cli.send(Request.cmd(Command.SENTINEL).arg("GET-MASTER-ADDR-BY-NAME").arg(MASTER_NAME));
        return addr.get(1).toInteger();
      } catch (Exception e) {
        // try the next one
      }
    }
    throw new IllegalStateException("no sentinel answers");
  }

  /** The data node on {@code port}. */
  public RedisProcess node(int port) {
    return data.stream().filter(d -> d.port() == port).findFirst().orElseThrow();
  }

  /** A direct connection URL (with the password) of the data node on {@code port}. */
  public String url(int port) {
    return "redis://:" + password + "@127.0.0.1:" + port;
  }

  /** The Sentinels' logs, for a failing test's report. */
  public String sentinelLogs() {
    StringBuilder out = new StringBuilder();
    for (Path dir : sentinelDirs) {
      try {
        out.append("--- ").append(dir).append('\n').append(Files.readString(dir.resolve("sentinel.log")));
      } catch (IOException e) {
        out.append(e).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : sentinels) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    for (RedisProcess d : data) {
      d.close();
    }
    for (Path dir : sentinelDirs) {
      File[] files = dir.toFile().listFiles();
      if (files != null) {
        for (File f : files) {
          f.delete();
        }
      }
      dir.toFile().delete();
    }
  }
}
