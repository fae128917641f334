package dev.jobsservice.app;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which Redis deployment the service talks to, and how to find it: one server ({@code REDIS_URL},
 * or the one found or started at launch), a master that Sentinels watch ({@code REDIS_SENTINELS}
 * and {@code REDIS_MASTER_NAME}), or a Cluster ({@code REDIS_CLUSTER_NODES}, seed nodes). The
 * Vert.x Redis client does the rest: it asks the Sentinels for the master, or a node for the
 * slot map, and keeps asking (its cached answer lives 1 s).
 *
 * @param nodes for SENTINEL the Sentinels' URLs, for CLUSTER the seed nodes' URLs (password in
 *     each, as given or from REDIS_PASSWORD); empty for STANDALONE
 * @param masterName the name the Sentinels know the master by (SENTINEL only)
 * @param waitReplicas replicas that must acknowledge a submit (and a completion) before it is
 *     answered: Redis WAIT; 0 answers as soon as the master has it
 */
public record RedisSetup(Mode mode, List<String> nodes, String masterName, int waitReplicas) {
  /** The three ways Redis is deployed. */
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }

  static final RedisSetup STANDALONE = new RedisSetup(Mode.STANDALONE, List.of(), null, 0);

  public RedisSetup {
    nodes = List.copyOf(nodes);
    if (mode != Mode.STANDALONE && nodes.isEmpty()) {
      throw new IllegalArgumentException(mode.name().toLowerCase() + " mode needs at least one node address");
    }
    for (String node : nodes) {
      if (!node.matches("rediss?://[^/\\s]+(/\\d*)?")) {
        throw new IllegalArgumentException("a Redis node must look like host:port or redis://host:port, got "
            + Redacted.url(node));
      }
    }
    if (nodes.stream().map(n -> n.startsWith("rediss://")).distinct().count() > 1) {
      throw new IllegalArgumentException("Redis nodes must all use TLS (rediss://) or none: " + redacted(nodes));
    }
    if (mode == Mode.SENTINEL && (masterName == null || masterName.isBlank())) {
      throw new IllegalArgumentException("sentinel mode needs the master's name (REDIS_MASTER_NAME)");
    }
    if (waitReplicas < 0 || waitReplicas > 100) {
      throw new IllegalArgumentException("redis.wait_replicas (REDIS_WAIT_REPLICAS) must be from 0 to 100, got "
          + waitReplicas);
    }
  }

  /**
   * Sentinel addresses or cluster seed nodes as a comma-separated list ({@code host:port},
   * {@code redis://host:port} or {@code rediss://...}), as URLs with {@code password} in each
   * that holds none.
   */
  static List<String> parseNodes(String list, String password) {
    List<String> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (String part : list.split(",")) {
      String node = part.trim();
      if (node.isEmpty()) {
        continue;
      }
      String url = node.contains("://") ? node : "redis://" + node;
      int scheme = url.indexOf("://") + 3;
      out.add(url.indexOf('@', scheme) >= 0 ? url : AppConfig.withPassword(url, password));
    }
    return out;
  }

  boolean tls() {
    return !nodes.isEmpty() && nodes.get(0).startsWith("rediss://");
  }

  /** For the start-up line: the mode and the addresses, passwords replaced by {@code ***}. */
  String describe(String standaloneUrl) {
    return switch (mode) {
      case STANDALONE -> Redacted.url(standaloneUrl);
      case SENTINEL -> "sentinel master '" + masterName + "' via " + redacted(nodes);
      case CLUSTER -> "cluster via " + redacted(nodes);
    } + (waitReplicas > 0 ? " (writes wait for " + waitReplicas + " replica(s))" : "");
  }

  private static String redacted(List<String> urls) {
    return urls.stream().map(Redacted::url).collect(Collectors.joining(","));
  }
}
