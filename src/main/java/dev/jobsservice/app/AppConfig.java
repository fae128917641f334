package dev.jobsservice.app;

import dev.jobsservice.api.LiveSettings;
import dev.jobsservice.jobs.JobQueue;
import io.vertx.core.json.JsonObject;
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
    LiveSettings live) {

  /** Every environment variable the service reads, with what it sets. */
  public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
      Map.entry("REDIS_URL", "redis.url: redis://[user:password@]host:port[/db]"),
      Map.entry("REDIS_IP", "the Redis host (port 6379) when REDIS_URL is not set"),
      Map.entry("HTTP_PORT", "http.port (0 picks a free port)"),
      Map.entry("HTTP_HOST", "http.host"),
      Map.entry("JOBS_ROLE", "role: all | api | worker"),
      Map.entry("JOBS_WORKERS", "workers.count: number of worker verticles"),
      Map.entry("JOBS_PREFIX", "redis.prefix: the prefix of every Redis key"),
      Map.entry("JOBS_BODY_LIMIT", "http.body_limit_bytes"),
      Map.entry("JOBS_WORKER_ID", "workers.id_base: worker ids are <id_base>-<n> (default: host name)"),
      Map.entry("JOBS_WORKER_LEASE_MS", "workers.lease_ms: a dead worker's jobs are put back after this"),
      Map.entry("LOG_LEVEL", "log level: INFO (default), DEBUG logs every job's state change"),
      Map.entry("JOBS_DEFAULT_TYPE", "jobs.default_type"),
      Map.entry("JOBS_DEFAULT_FIELD", "jobs.default_field"),
      Map.entry("JOBS_MAX_WAIT_SECONDS", "http.max_wait_seconds: the longest GET /jobs/{id}?wait= holds a request"),
      Map.entry("JOBS_MAX_EVENT_CLIENTS", "http.max_event_clients: event streams open at once; more get 503"),
      Map.entry("REDIS_EMBEDDED_DIR", "redis.embedded.dir"),
      Map.entry("REDIS_EMBEDDED_PORT", "redis.embedded.port: the localhost port probed, and the embedded one's"));

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
    if (redisPoolSize < 1) {
      throw new IllegalArgumentException("redis.pool_size must be at least 1, got " + redisPoolSize);
    }
  }

  /** Reads {@code file} (the parsed config.json), then applies {@code env} over it. */
  public static AppConfig from(JsonObject file, Map<String, String> env) {
    JsonObject http = file.getJsonObject("http", new JsonObject());
    JsonObject redis = file.getJsonObject("redis", new JsonObject());
    JsonObject embedded = redis.getJsonObject("embedded", new JsonObject());
    JsonObject workers = file.getJsonObject("workers", new JsonObject());
    JsonObject jobs = file.getJsonObject("jobs", new JsonObject());

    String redisUrl = env("REDIS_URL", env, redis.getString("url"));
    if (redisUrl == null && env.get("REDIS_IP") != null && !env.get("REDIS_IP").isBlank()) {
      redisUrl = "redis://" + env.get("REDIS_IP").trim() + ":6379";
    }
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
        integer("JOBS_WORKER_LEASE_MS", env, workers.getInteger("lease_ms", (int) JobQueue.DEFAULT_LEASE_MS)),
        env("JOBS_DEFAULT_TYPE", env, jobs.getString("default_type", "summary")),
        env("JOBS_DEFAULT_FIELD", env, jobs.getString("default_field", "year")),
        new LiveSettings(
            integer("JOBS_MAX_WAIT_SECONDS", env, http.getInteger("max_wait_seconds", LiveSettings.DEFAULTS.maxWaitSeconds())),
            integer("JOBS_MAX_EVENT_CLIENTS", env,
                http.getInteger("max_event_clients", LiveSettings.DEFAULTS.maxEventClients()))));
  }

  private static String env(String name, Map<String, String> env, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int integer(String name, Map<String, String> env, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got: " + value);
    }
  }

  /** The same settings with another Redis URL (the one found or started at launch). */
  public AppConfig withRedisUrl(String url) {
    return new AppConfig(role, workers, httpHost, httpPort, bodyLimitBytes, url, redisPrefix, redisPoolSize,
        embeddedDir, embeddedPort, workerIdBase, workerLeaseMs, defaultType, defaultField, live);
  }
}
