package dev.jobsservice.app;

import dev.jobsservice.api.LiveSettings;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.QueueSettings;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the service, read once from the config file and then the environment, which
 * wins. Nothing else reads raw config keys. Defaults live in {@code conf/config.json}.
 *
 * @param redisUrl null means "not configured": use a Redis on localhost:6379 if one answers,
 *     else start the embedded one
 */
public record AppConfig(
    Role role,
    int workers,
    String httpHost,
    int httpPort,
    long bodyLimitBytes,
    String redisUrl,
    String redisPrefix,
    int redisPoolSize,
    String embeddedDir,
    int embeddedPort,
    String workerIdBase,
    long workerLeaseMs,
    String defaultType,
    String defaultField,
    int maxAttempts,
    long timeoutMs,
    int maxStalls,
    long retentionSeconds,
    long queueCap,
    long retryBaseMs,
    long retryMaxMs,
    long shutdownGraceMs,
    String authToken,
    String authScope,
    int maxJsonDepth,
    String redisTlsCaFile,
    long dataLimitBytes,
    LiveSettings live,
    RedisSetup topology,
    List<String> queues,
    Map<String, Integer> workerQueues,
    int workerGroups) {

  /** Every environment variable the service reads, with what it sets. */
  public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
      Map.entry("REDIS_URL", "redis.url: redis://[user:password@]host:port[/db]"),
      Map.entry("REDIS_IP", "the Redis host (port 6379) when REDIS_URL is not set"),
      Map.entry("REDIS_PASSWORD", "the password of that Redis (or of the Sentinels' master, or of every Cluster "
          + "node), when its URL holds none (e.g. from a Secret)"),
      Map.entry("REDIS_SENTINELS", "redis.sentinels: Sentinel mode: host:port,host:port of the Sentinels "
          + "(rediss://host:port for TLS)"),
      Map.entry("REDIS_MASTER_NAME", "redis.master_name: the master's name in the Sentinels (default mymaster)"),
      Map.entry("REDIS_CLUSTER_NODES", "redis.cluster_nodes: Cluster mode: host:port,... of some Cluster nodes "
          + "(rediss://host:port for TLS)"),
      Map.entry("REDIS_WAIT_REPLICAS", "redis.wait_replicas: replicas that must have a submit or a completion "
          + "before it is answered (WAIT; default 0: none)"),
      Map.entry("HTTP_PORT", "http.port (0 picks a free port)"),
      Map.entry("HTTP_HOST", "http.host"),
      Map.entry("JOBS_ROLE", "role: all | api | worker"),
      Map.entry("JOBS_WORKERS", "workers.count: number of worker verticles (per served queue)"),
      Map.entry("JOBS_QUEUES", "jobs.queues: the named queues, e.g. default,reports (default: default; "
          + "default must be one)"),
      Map.entry("JOBS_WORKER_QUEUES", "workers.queues: the queues this process's workers serve, with worker "
          + "verticles each, e.g. reports:2,default:4 (default: JOBS_WORKERS for every queue)"),
      Map.entry("JOBS_PREFIX", "redis.prefix: the prefix of every Redis key"),
      Map.entry("JOBS_BODY_LIMIT", "http.body_limit_bytes"),
      Map.entry("JOBS_DATA_LIMIT", "http.data_limit_bytes: the largest dataset upload (POST /data)"),
      Map.entry("JOBS_WORKER_GROUPS", "workers.groups: event loops a queue's workers share; a group stores the "
          + "jobs it finishes in one turn with one Redis call (0, the default: one per core without the API, "
          + "one per two cores beside it)"),
      Map.entry("JOBS_WORKER_ID", "workers.id_base: worker ids are <id_base>-<n> (default: host name)"),
      Map.entry("JOBS_WORKER_LEASE_MS", "workers.lease_ms: a dead worker's jobs are put back after this"),
      Map.entry("LOG_LEVEL", "log level: INFO (default) logs every job's state change; WARN only trouble"),
      Map.entry("LOG_FORMAT", "plain (default): one text line per event; json: one JSON object per line"),
      Map.entry("JOBS_DEFAULT_TYPE", "jobs.default_type"),
      Map.entry("JOBS_DEFAULT_FIELD", "jobs.default_field"),
      Map.entry("JOBS_MAX_WAIT_SECONDS", "http.max_wait_seconds: the longest GET /jobs/{id}?wait= holds a request"),
      Map.entry("JOBS_MAX_EVENT_CLIENTS", "http.max_event_clients: event streams open at once; more get 503"),
      Map.entry("REDIS_EMBEDDED_DIR", "redis.embedded.dir"),
      Map.entry("REDIS_EMBEDDED_PORT", "redis.embedded.port: the localhost port probed, and the embedded one's"),
      Map.entry("JOBS_MAX_ATTEMPTS", "jobs.max_attempts: attempts per job unless it names max_attempts (3)"),
      Map.entry("JOBS_TIMEOUT_MS", "jobs.timeout_ms: how long one attempt may run unless the job names timeout_ms"),
      Map.entry("JOBS_MAX_STALLS", "jobs.max_stalls: expired leases a job survives before it is failed (3)"),
      Map.entry("JOBS_RETENTION_SECONDS", "jobs.retention_seconds: how long finished jobs are kept (a week)"),
      Map.entry("JOBS_QUEUE_CAP", "jobs.queue_cap: waiting jobs beyond which POST /jobs answers 429 (0: none)"),
      Map.entry("JOBS_RETRY_BASE_MS", "jobs.retry_base_ms: backoff before the first retry, doubled each time"),
      Map.entry("JOBS_RETRY_MAX_MS", "jobs.retry_max_ms: the longest backoff between retries"),
      Map.entry("JOBS_SHUTDOWN_GRACE_MS", "workers.shutdown_grace_ms: on SIGTERM, how long running jobs may "
          + "finish before they are handed back"),
      Map.entry("JOBS_API_TOKEN", "http.auth_token: when set, requests need Authorization: Bearer <token>"),
      Map.entry("REDIS_TLS_CA_FILE", "redis.tls_ca_file: PEM file of the CA that signed a rediss:// server's "
          + "certificate (default: the JVM's trusted CAs)"),
      Map.entry("JOBS_AUTH_SCOPE", "http.auth_scope: writes (default: POST, DELETE need the token) | all"));

  public AppConfig {
    if (workers < 0 || workers > 1024) {
      throw new IllegalArgumentException("workers must be from 0 to 1024, got " + workers);
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("http.port must be from 0 to 65535, got " + httpPort);
    }
    if (bodyLimitBytes < 1024) {
      throw new IllegalArgumentException("http.body_limit_bytes must be at least 1024, got " + bodyLimitBytes);
    }
    if (dataLimitBytes < 1024) {
      throw new IllegalArgumentException("http.data_limit_bytes must be at least 1024, got " + dataLimitBytes);
    }
    if (redisUrl != null && !redisUrl.matches("rediss?://.+")) {
      throw new IllegalArgumentException("redis.url must look like redis://host:port, got " + Redacted.url(redisUrl));
    }
    if (workerIdBase != null && !JobQueue.isValidIdBase(workerIdBase)) {
      throw new IllegalArgumentException("workers.id_base (JOBS_WORKER_ID) must be 1-100 of [A-Za-z0-9_.-], got: "
          + workerIdBase);
    }
    if (workerLeaseMs < 300 || workerLeaseMs > 3_600_000) {
      throw new IllegalArgumentException("workers.lease_ms must be from 300 to 3600000, got " + workerLeaseMs);
    }
    if (defaultType == null || defaultType.isBlank()) {
      throw new IllegalArgumentException("jobs.default_type must be set");
    }
    range("jobs.max_attempts", maxAttempts, 1, 100);
    range("jobs.timeout_ms", timeoutMs, 1, 24 * 3600_000L);
    range("jobs.max_stalls", maxStalls, 1, 1000);
    range("jobs.retention_seconds", retentionSeconds, 1, 10L * 365 * 24 * 3600);
    range("jobs.queue_cap", queueCap, 0, Long.MAX_VALUE);
    range("jobs.retry_base_ms", retryBaseMs, 1, 24 * 3600_000L);
    range("jobs.retry_max_ms", retryMaxMs, retryBaseMs, 24 * 3600_000L);
    range("workers.shutdown_grace_ms", shutdownGraceMs, 0, 24 * 3600_000L);
    range("workers.groups (JOBS_WORKER_GROUPS)", workerGroups, 0, 1024);
    range("http.max_json_depth", maxJsonDepth, 2, 1000);
    if (authToken != null && authToken.length() < 16) {
      throw new IllegalArgumentException("http.auth_token (JOBS_API_TOKEN) must be at least 16 characters");
    }
    if (!"writes".equals(authScope) && !"all".equals(authScope)) {
      throw new IllegalArgumentException("http.auth_scope (JOBS_AUTH_SCOPE) must be writes or all, got: " + authScope);
    }
    if (topology == null) {
      throw new IllegalArgumentException("the Redis topology must be set");
    }
    if (topology.mode() != RedisSetup.Mode.STANDALONE && redisUrl != null) {
      throw new IllegalArgumentException("give either REDIS_URL (redis.url) or " + (topology.mode()
          == RedisSetup.Mode.SENTINEL ? "REDIS_SENTINELS (redis.sentinels)" : "REDIS_CLUSTER_NODES (redis.cluster_nodes)")
          + ", not both");
    }
    if (redisPoolSize < 1) {
      throw new IllegalArgumentException("redis.pool_size must be at least 1, got " + redisPoolSize);
    }
    queues = List.copyOf(queues);
    QueueNames.check(queues);
    workerQueues = workerQueues == null ? null : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(workerQueues));
    QueueNames.checkServed(queues, workerQueues);
  }

  /**
   * Worker verticles per queue in this process: {@code workers.queues} when given, else
   * {@link #workers} for each configured queue (so none starves); empty unless the role runs workers.
   */
  public Map<String, Integer> workersPerQueue() {
    if (!role.runsWorkers()) {
      return Map.of();
    }
    if (workerQueues != null) {
      return workerQueues;
    }
    Map<String, Integer> each = new java.util.LinkedHashMap<>();
    queues.forEach(q -> each.put(q, workers));
    return each;
  }

  private static void range(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
    }
  }

  /** How the queue treats jobs, as the jobs package takes it. */
  public QueueSettings queueSettings() {
    return new QueueSettings(redisPrefix, workerLeaseMs, maxStalls, retentionSeconds, queueCap, maxAttempts, timeoutMs,
        topology.waitReplicas());
  }

  /** Reads {@code file} (the parsed config.json), then applies {@code env} over it. */
  public static AppConfig from(JsonObject file, Map<String, String> env) {
    JsonObject http = file.getJsonObject("http", new JsonObject());
    JsonObject redis = file.getJsonObject("redis", new JsonObject());
    JsonObject embedded = redis.getJsonObject("embedded", new JsonObject());
    JsonObject workers = file.getJsonObject("workers", new JsonObject());
    JsonObject jobs = file.getJsonObject("jobs", new JsonObject());

    RedisSetup topology = topology(redis, env);
    String redisUrl = env("REDIS_URL", env, redis.getString("url"));
    if (redisUrl == null && topology.mode() == RedisSetup.Mode.STANDALONE && env.get("REDIS_IP") != null
        && !env.get("REDIS_IP").isBlank()) {
      redisUrl = "redis://" + env.get("REDIS_IP").trim() + ":6379";
    }
    if (topology.mode() == RedisSetup.Mode.STANDALONE) {
      redisUrl = withPassword(redisUrl, env.get("REDIS_PASSWORD"));
    }
    LogFormat.parse(env.get("LOG_FORMAT"));
    LogSetup.checkLevel(env.get("LOG_LEVEL"));
    return new AppConfig(
        Role.parse(env("JOBS_ROLE", env, file.getString("role", "all"))),
        integer("JOBS_WORKERS", env, workers.getInteger("count", 4)),
        env("HTTP_HOST", env, http.getString("host", "0.0.0.0")),
        integer("HTTP_PORT", env, http.getInteger("port", 8080)),
        integer("JOBS_BODY_LIMIT", env, http.getLong("body_limit_bytes", 10L * 1024 * 1024).intValue()),
        redisUrl,
        env("JOBS_PREFIX", env, redis.getString("prefix", "jobs")),
        redis.getInteger("pool_size", 8),
        env("REDIS_EMBEDDED_DIR", env, embedded.getString("dir", "data/redis")),
        integer("REDIS_EMBEDDED_PORT", env, embedded.getInteger("port", 6379)),
        env("JOBS_WORKER_ID", env, workers.getString("id_base")),
        integer("JOBS_WORKER_LEASE_MS", env, workers.getInteger("lease_ms", (int) QueueSettings.DEFAULT_LEASE_MS)),
        env("JOBS_DEFAULT_TYPE", env, jobs.getString("default_type", "summary")),
        env("JOBS_DEFAULT_FIELD", env, jobs.getString("default_field", "year")),
        integer("JOBS_MAX_ATTEMPTS", env, jobs.getInteger("max_attempts", QueueSettings.DEFAULT_MAX_ATTEMPTS)),
        longValue("JOBS_TIMEOUT_MS", env, jobs.getLong("timeout_ms", QueueSettings.DEFAULT_TIMEOUT_MS)),
        integer("JOBS_MAX_STALLS", env, jobs.getInteger("max_stalls", QueueSettings.DEFAULT_MAX_STALLS)),
        longValue("JOBS_RETENTION_SECONDS", env, jobs.getLong("retention_seconds", QueueSettings.DEFAULT_RETENTION_SECONDS)),
        longValue("JOBS_QUEUE_CAP", env, jobs.getLong("queue_cap", QueueSettings.DEFAULT_QUEUE_CAP)),
        longValue("JOBS_RETRY_BASE_MS", env, jobs.getLong("retry_base_ms", 1000L)),
        longValue("JOBS_RETRY_MAX_MS", env, jobs.getLong("retry_max_ms", 300_000L)),
        longValue("JOBS_SHUTDOWN_GRACE_MS", env, workers.getLong("shutdown_grace_ms", 25_000L)),
        env("JOBS_API_TOKEN", env, http.getString("auth_token")),
        env("JOBS_AUTH_SCOPE", env, http.getString("auth_scope", "writes")),
        http.getInteger("max_json_depth", 32),
        env("REDIS_TLS_CA_FILE", env, redis.getString("tls_ca_file")),
        longValue("JOBS_DATA_LIMIT", env, http.getLong("data_limit_bytes", 256L * 1024 * 1024)),
        new LiveSettings(
            integer("JOBS_MAX_WAIT_SECONDS", env, http.getInteger("max_wait_seconds", LiveSettings.DEFAULTS.maxWaitSeconds())),
            integer("JOBS_MAX_EVENT_CLIENTS", env,
                http.getInteger("max_event_clients", LiveSettings.DEFAULTS.maxEventClients()))),
        topology,
        QueueNames.parseList("JOBS_QUEUES", env("JOBS_QUEUES", env, list(jobs.getValue("queues")))),
        QueueNames.parseWeights("JOBS_WORKER_QUEUES", env("JOBS_WORKER_QUEUES", env, weights(workers.getValue("queues")))),
        integer("JOBS_WORKER_GROUPS", env, workers.getInteger("groups", 0)));
  }

  /** workers.queues in the file: an object {"reports": 2} or a string "reports:2,default:4". */
  private static String weights(Object value) {
    if (value instanceof JsonObject object) {
      return object.isEmpty() ? null : String.join(",", object.fieldNames().stream()
          .map(name -> name + ":" + object.getValue(name)).toList());
    }
    return list(value);
  }

  /**
   * Sentinel mode when Sentinels are named, Cluster mode when cluster nodes are, else one
   * server. REDIS_PASSWORD goes into every node's URL that holds none: the Vert.x client uses a
   * Sentinel's credentials (and TLS) for the master it finds there, and a seed node's for every
   * node of the Cluster.
   */
  private static RedisSetup topology(JsonObject redis, Map<String, String> env) {
    String password = env.get("REDIS_PASSWORD");
    String sentinels = env("REDIS_SENTINELS", env, list(redis.getValue("sentinels")));
    String cluster = env("REDIS_CLUSTER_NODES", env, list(redis.getValue("cluster_nodes")));
    int waitReplicas = integer("REDIS_WAIT_REPLICAS", env, redis.getInteger("wait_replicas", 0));
    if (sentinels != null && cluster != null) {
      throw new IllegalArgumentException("give either REDIS_SENTINELS (redis.sentinels) or REDIS_CLUSTER_NODES "
          + "(redis.cluster_nodes), not both");
    }
    if (sentinels != null) {
      return new RedisSetup(RedisSetup.Mode.SENTINEL, RedisSetup.parseNodes(sentinels, password),
          env("REDIS_MASTER_NAME", env, redis.getString("master_name", "mymaster")), waitReplicas);
    }
    if (cluster != null) {
      return new RedisSetup(RedisSetup.Mode.CLUSTER, RedisSetup.parseNodes(cluster, password), null, waitReplicas);
    }
    return new RedisSetup(RedisSetup.Mode.STANDALONE, List.of(), null, waitReplicas);
  }

  /** A config value that is a JSON array of addresses or one comma-separated string; null if empty. */
  private static String list(Object value) {
    String text = value instanceof io.vertx.core.json.JsonArray array
        ? String.join(",", array.stream().map(String::valueOf).toList())
        : value == null ? null : value.toString();
    return text == null || text.isBlank() ? null : text;
  }

  /**
   * {@code url} with {@code password} in it, URL-encoded as the Redis client decodes it. Kept in
   * the URL so that every log line and error redacts it the one way ({@link Redacted}).
   */
  static String withPassword(String url, String password) {
    if (password == null || password.isEmpty()) {
      return url;
    }
    if (url == null) {
      throw new IllegalArgumentException("REDIS_PASSWORD is set but no Redis is: set REDIS_URL (or REDIS_IP) too");
    }
    int start = url.indexOf("://") + 3;
    if (start < 3 || url.indexOf('@', start) >= 0) {
      throw new IllegalArgumentException("REDIS_PASSWORD is set and REDIS_URL holds credentials already: "
          + "give the password in one place, got " + Redacted.url(url));
    }
    return url.substring(0, start) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@"
        + url.substring(start);
  }

  private static String env(String name, Map<String, String> env, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int integer(String name, Map<String, String> env, int fallback) {
    long value = longValue(name, env, fallback);
    if (value != (int) value) {
      throw new IllegalArgumentException(name + " must be a whole number, got: " + env.get(name));
    }
    return (int) value;
  }

  private static long longValue(String name, Map<String, String> env, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got: " + value);
    }
  }

  /** The same settings with another Redis URL (the one found or started at launch). */
  public AppConfig withRedisUrl(String url) {
    return new AppConfig(role, workers, httpHost, httpPort, bodyLimitBytes, url, redisPrefix, redisPoolSize,
        embeddedDir, embeddedPort, workerIdBase, workerLeaseMs, defaultType, defaultField, maxAttempts, timeoutMs,
        maxStalls, retentionSeconds, queueCap, retryBaseMs, retryMaxMs, shutdownGraceMs, authToken, authScope,
        maxJsonDepth, redisTlsCaFile, dataLimitBytes, live, topology, queues, workerQueues, workerGroups);
  }
}
