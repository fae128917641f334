package dev.jobsservice.testing;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of {@code masters} masters (no replicas) from the redis-server binary, each on
 * free loopback ports (client and cluster bus), slots spread by {@code redis-cli --cluster create}.
 */
public final class RedisClusterProcesses implements AutoCloseable {
  private final List<RedisProcess> nodes;

  private RedisClusterProcesses(List<RedisProcess> nodes) {
    this.nodes = nodes;
  }

  public static RedisClusterProcesses start(int masters, String... extraArgs) throws Exception {
    List<RedisProcess> nodes = new ArrayList<>();
    RedisClusterProcesses cluster = new RedisClusterProcesses(nodes);
    try {
      for (int i = 0; i < masters; i++) {
        List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "2000", "--cluster-port", Integer.toString(RedisProcess.freePort())));
        args.addAll(List.of(extraArgs));
        nodes.add(RedisProcess.start(false, args.toArray(String[]::new)));
      }
      List<String> command = new ArrayList<>(List.of(cli(), "--cluster", "create"));
      nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
      command.add("--cluster-yes");
      for (int i = 0; i + 1 < extraArgs.length; i++) {
        if (extraArgs[i].equals("--requirepass")) {
          command.addAll(List.of("-a", extraArgs[i + 1], "--no-auth-warning"));
        }
      }
      Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (create.waitFor() != 0) {
        throw new IOException("redis-cli --cluster create failed: " + out);
      }
      String password = password(extraArgs);
      for (RedisProcess node : nodes) {
        try (RedisCli cli = new RedisCli(cluster.url(node, password))) {
          Await.until(Duration.ofSeconds(20), "node " + node.port() + " to see the cluster ok",
              () -> cli.send(Request.cmd(Command.CLUSTER).arg("INFO")).toString().contains("cluster_state:ok"));
        }
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  private static String password(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--requirepass")) {
        return args[i + 1];
      }
    }
    return null;
  }

  private String url(RedisProcess node, String password) {
    return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + node.port();
  }

  /** The seed list as REDIS_CLUSTER_NODES takes it: host:port,host:port,... */
  public String seeds() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
  }

  /** The URL of the master that serves {@code key}'s slot (for direct reads with {@link RedisCli}). */
  public String urlOf(String key, String password) {
    try (RedisCli cli = new RedisCli(url(nodes.get(0), password))) {
      long slot = cli.send(Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(key)).toLong();
      for (Response range : cli.send(Request.cmd(Command.CLUSTER).arg("SLOTS"))) {
        if (range.get(0).toLong() <= slot && slot <= range.get(1).toLong()) {
          return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:"
              + range.get(2).get(1).toInteger();
        }
      }
      throw new IllegalStateException("no node serves slot " + slot);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String cli() {
    String server = RedisProcess.binary();
    return server == null ? "redis-cli" : server.replace("redis-server", "redis-cli");
  }

  @Override
  public void close() throws InterruptedException {
    for (RedisProcess node : nodes) {
      node.close();
    }
  }
}
