package dev.jobsservice.app;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.api.ApiSettings;
import dev.jobsservice.api.HttpVerticle;
import dev.jobsservice.ops.Metrics;
import dev.jobsservice.ops.Ops;
import dev.jobsservice.ops.OpsVerticle;
import dev.jobsservice.worker.JobMetrics;
import dev.jobsservice.worker.WorkerGroup;
import dev.jobsservice.worker.WorkerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service: Vert.x with the HTTP verticle and/or N worker verticles, as the role says.
 * {@link #start} and {@link #close} block: call them from {@code main} or a test, never from an
 * event loop.
 */
public final class JobsService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobsService.class);
  /** How long start-up waits for the first answer from Redis before going on without it. */
  private static final long STARTUP_PING_MS = 3_000;

  private final Vertx vertx;
  private final EmbeddedRedis embedded;
  private final int httpPort;
  private final AppConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JobsService(Vertx vertx, EmbeddedRedis embedded, int httpPort, AppConfig config) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.httpPort = httpPort;
    this.config = config;
  }

  /**
   * How many groups a queue's {@code workers} form: {@code configured} when not 0; else one per
   * core in a process without the API, and one per two cores beside it (the API has the rest).
   * At least one, at most one per worker. Why more than one: while Redis runs one group's call,
   * another group's loop runs its jobs and gathers its next call, where a lone group leaves Redis
   * idle meanwhile. On 2 cores two groups drained a backlog a fifth faster than one; beside the
   * API they ran end to end slower (docs/benchmarks.md, fourteenth sitting).
   */
  static int workerGroups(int workers, int configured, int cores, boolean api) {
    int groups = configured > 0 ? configured : api ? cores / 2 : cores;
    return Math.max(1, Math.min(workers, groups));
  }

  /** Starts the service with the built-in analyses. */
  public static JobsService start(AppConfig config) throws IOException {
    return start(config, Analyses.builtIn());
  }

  /** Starts the service running {@code analyses}; fails if the HTTP port is taken or Redis refuses us. */
  public static JobsService start(AppConfig requested, Analyses analyses) throws IOException {
    if (analyses.find(requested.defaultType()).isEmpty()) {
      throw new IllegalArgumentException("jobs.default_type '" + requested.defaultType() + "' is not a job type; known: "
          + new TreeSet<>(analyses.types()));
    }
    RedisLocator.Located redis = RedisLocator.locate(requested);
    AppConfig config = requested.withRedisUrl(redis.url());
    if ((config.redisUrl() != null && config.redisUrl().startsWith("rediss://")) || config.topology().tls()) {
      warmUpTls();
    }
    Metrics metrics = new Metrics();
    Vertx vertx = metrics.install(Vertx.builder(), new VertxOptions()).build();
    try {
      checkRedis(vertx, config);
      Map<String, Integer> perQueue = config.workersPerQueue();
      int workers = perQueue.values().stream().mapToInt(Integer::intValue).sum();
      if (workers > 0) {
        JobMetrics.bind(vertx, metrics.registry());
      }
      Map<String, String> queuePrefixes = new LinkedHashMap<>();
      config.queues().forEach(q -> queuePrefixes.put(q, config.queueSettings().forQueue(q).prefix()));
      Ops ops = Ops.create(vertx, metrics, redisOptions(config, 2), queuePrefixes, workers);
      int port;
      HttpVerticle http = null;
      if (config.role().runsApi()) {
        http = new HttpVerticle(apiSettings(config), analyses, ops.routes(), ops.httpMeters());
        vertx.deployVerticle(http).await(30, TimeUnit.SECONDS);
        port = http.actualPort();
      } else {
        // No API: a server of the health and metrics endpoints alone, for probes and scrapers;
        // bound before the workers start, so a taken port stops start-up before any job is taken.
        OpsVerticle server = ops.server(config.httpHost(), config.httpPort());
        vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        port = server.actualPort();
      }
      String base = config.workerIdBase() != null ? config.workerIdBase() : hostName();
      for (var served : perQueue.entrySet()) {
        // Each queue's workers take ids of their own (keys under the queue's tag): <base>-0... per queue.
        int count = served.getValue();
        if (count == 0) {
          continue;
        }
        // Workers share event loops in groups, so that the jobs they finish in one turn are stored
        // in one Redis call (WorkerGroup).
        int groups = workerGroups(count, config.workerGroups(), Runtime.getRuntime().availableProcessors(),
            config.role().runsApi());
        List<List<WorkerSettings>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
          members.add(new ArrayList<>());
        }
        for (int index = 0; index < count; index++) {
          members.get(index % groups).add(workerSettings(config, served.getKey(), count, base, index));
        }
        for (List<WorkerSettings> group : members) {
          vertx.deployVerticle(new WorkerGroup(group, analyses,
              redisOptions(config, Math.max(2, Math.min(group.size(), 8))))).await(30, TimeUnit.SECONDS);
        }
      }
      JobsService service = new JobsService(vertx, redis.embedded(), port, config);
      log.info("jobs-service started: role={} workers={} http={}{} redis={}{} queues={}",
          config.role().name().toLowerCase(), workers, config.httpHost() + ":" + port,
          http == null ? " (health and metrics only)" : "", config.topology().describe(config.redisUrl()),
          redis.embedded() != null ? " (embedded)" : "", describe(config.queues(), perQueue));
      return service;
    } catch (Throwable e) {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      if (redis.embedded() != null) {
        redis.embedded().close();
      }
      if (e instanceof Error err) {
        throw err;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("start-up failed: " + e.getMessage(), e);
    }
  }

  /**
   * Wrong credentials are fatal here, with a clear message (and a retrying client would leak a
   * socket per attempt). Redis merely down is not: the API answers 503 and workers wait for it.
   */
  private static void checkRedis(Vertx vertx, AppConfig config) {
    Redis client = Redis.createClient(vertx, redisOptions(config, 1));
    String version;
    try {
      version = serverVersion(client.send(Request.cmd(Command.INFO).arg("server"))
          .await(STARTUP_PING_MS, TimeUnit.MILLISECONDS).toString());
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      // Redis error replies (ErrorType) are Throwables, not Exceptions: catch them too.
      String message = String.valueOf(e.getMessage());
      if (message.contains("NOAUTH") || message.contains("WRONGPASS") || message.contains("invalid password")
          || message.contains("invalid username-password")) {
        throw new IllegalStateException("Redis at " + redisName(config)
            + " refused our credentials; check the password in REDIS_URL");
      }
      if (causedBy(e, javax.net.ssl.SSLException.class)) {
        // A certificate we do not trust will not become trusted by waiting.
        throw new IllegalStateException("TLS to Redis at " + redisName(config) + " failed ("
            + rootMessage(e) + "); check REDIS_TLS_CA_FILE and the server's certificate");
      }
      log.warn("Redis at {} is not answering yet ({}); the API answers 503 and workers wait until it does",
          redisName(config), e.getClass().getSimpleName());
      return;
    } finally {
      client.close();
    }
    if (!atLeast(version, 6, 2)) {
      throw new IllegalStateException("Redis at " + redisName(config) + " is version " + version
          + "; jobs-service needs Redis 6.2 or newer (BLMOVE, ZRANGE BYSCORE REV)");
    }
  }

  private static String redisName(AppConfig config) {
    return config.topology().describe(config.redisUrl());
  }

  /**
   * The JDK's first TLS engine takes seconds to set up (providers, the CA store, key factories):
   * done here, on the starting thread, the first Redis connection does not stall an event loop.
   */
  private static void warmUpTls() {
    try {
      javax.net.ssl.SSLEngine engine = javax.net.ssl.SSLContext.getDefault().createSSLEngine("localhost", 6379);
      engine.setUseClientMode(true);
      engine.beginHandshake();
      // Writing the ClientHello generates its key shares: the costly part.
      engine.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
      java.security.cert.CertificateFactory.getInstance("X.509");
      java.security.KeyFactory.getInstance("RSA");
      java.security.KeyFactory.getInstance("EC");
    } catch (java.security.GeneralSecurityException | javax.net.ssl.SSLException | RuntimeException e) {
      log.debug("TLS warm-up: {}", e.toString());
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** redis_version from INFO server, e.g. "7.0.15"; "unknown" if absent. */
  static String serverVersion(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return "unknown";
  }

  static boolean atLeast(String version, int major, int minor) {
    String[] parts = version.split("\\.");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return true; // an unknown format (a Redis-compatible server): let the commands speak for it
    }
  }

  /**
   * Options of every Redis client the service makes (API, workers' command and blocking clients,
   * the event follower, health and metrics): one server, Sentinel or Cluster, as configured.
   */
  static RedisOptions redisOptions(AppConfig config, int poolSize) {
    RedisSetup topology = config.topology();
    RedisOptions options = new RedisOptions()
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(4096)
        .setMaxWaitingHandlers(8192);
    switch (topology.mode()) {
      case STANDALONE -> options.setConnectionString(config.redisUrl());
      // Each new connection asks a Sentinel for the master (the answer is cached 1 s), so after a
      // failover new connections reach the new master; connections to the old one fail and are
      // dropped. No auto-failover: its reconnect swaps sockets under commands in flight.
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setRole(RedisRole.MASTER)
          .setMasterName(topology.masterName()).setEndpoints(new ArrayList<>(topology.nodes()));
      // Commands go to the master of their keys' slot; every key of a queue or of a dataset
      // shares a hash tag, so each script, MULTI batch and blocking move has one slot.
      case CLUSTER -> options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER)
          .setEndpoints(new ArrayList<>(topology.nodes()));
    }
    boolean tls = topology.mode() == RedisSetup.Mode.STANDALONE
        ? config.redisUrl() != null && config.redisUrl().startsWith("rediss://")
        : topology.tls();
    if (tls) {
      // TLS, with the server's name checked against its certificate like any HTTPS client does.
      NetClientOptions netTls = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (config.redisTlsCaFile() != null) {
        netTls.setTrustOptions(new PemTrustOptions().addCertPath(config.redisTlsCaFile()));
      }
      options.setNetClientOptions(netTls);
    }
    return options;
  }

  private static ApiSettings apiSettings(AppConfig config) {
    return new ApiSettings(config.httpHost(), config.httpPort(), redisOptions(config, config.redisPoolSize()),
        config.queueSettings(), config.bodyLimitBytes(), config.maxJsonDepth(), config.defaultType(),
        config.authToken(), "all".equals(config.authScope()), config.dataLimitBytes(), config.live(), config.queues());
  }

  private static WorkerSettings workerSettings(AppConfig config, String queue, int count, String base, int index) {
    // Two command connections per worker: one job at a time needs little more.
    return new WorkerSettings(redisOptions(config, 2), config.queueSettings().forQueue(queue), base, index, count,
        config.retryBaseMs(), config.retryMaxMs(), config.shutdownGraceMs(), config.defaultField(),
        config.redisPrefix());
  }

  /** e.g. "default(4),reports(2)": each configured queue, with this process's workers for it if any. */
  static String describe(List<String> queues, Map<String, Integer> perQueue) {
    return String.join(",", queues.stream()
        .map(q -> perQueue.containsKey(q) ? q + "(" + perQueue.get(q) + ")" : q).toList());
  }

  /** The host name, as a worker id base: stable across restarts of a process (and of a pod). */
  private static String hostName() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      name = "worker";
    }
    String clean = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return clean.isEmpty() ? "worker" : clean.length() > 100 ? clean.substring(0, 100) : clean;
  }

  /** The HTTP port bound: the API's, or in a worker-only process, that of /health and /metrics. */
  public int httpPort() {
    return httpPort;
  }

  public AppConfig config() {
    return config;
  }

  /** Stops taking jobs, lets running ones finish, closes Redis connections and the embedded Redis. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      vertx.close().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("closing Vert.x: {}", e.toString());
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
