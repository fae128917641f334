package dev.jobsservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {
  private static JsonObject shippedDefaults() throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/config.json")));
  }

  @Test
  void shippedDefaultsRunEverythingWithFourWorkersAndNoConfiguredRedis() throws Exception {
    AppConfig c = AppConfig.from(shippedDefaults(), Map.of());
    assertEquals(Role.ALL, c.role());
    assertEquals(4, c.workers());
    assertEquals(8080, c.httpPort());
    assertNull(c.redisUrl(), "no Redis configured means: probe localhost, else embedded");
    assertEquals("jobs", c.redisPrefix());
    assertEquals("summary", c.defaultType());
    assertEquals("year", c.defaultField());
  }

  @Test
  void environmentOverridesTheFile() throws Exception {
    AppConfig c = AppConfig.from(shippedDefaults(), Map.of(
        "REDIS_URL", "redis://:pw@redis:6380/2", "HTTP_PORT", "9000", "JOBS_ROLE", "worker",
        "JOBS_WORKERS", "16", "JOBS_PREFIX", "q1", "JOBS_WORKER_ID", "pod-7"));
    assertEquals("redis://:pw@redis:6380/2", c.redisUrl());
    assertEquals(9000, c.httpPort());
    assertEquals(Role.WORKER, c.role());
    assertEquals(16, c.workers());
    assertEquals("q1", c.redisPrefix());
    assertEquals("pod-7", c.workerIdBase());
  }

  @Test
  void workerGroupsAreChosenByTheCoresUnlessSet() throws Exception {
    assertEquals(0, AppConfig.from(shippedDefaults(), Map.of()).workerGroups());
    assertEquals(3, AppConfig.from(shippedDefaults(), Map.of("JOBS_WORKER_GROUPS", "3")).workerGroups());
    assertEquals(2, AppConfig.from(new JsonObject("{\"workers\": {\"groups\": 2}}"), Map.of()).workerGroups());
    var e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("JOBS_WORKER_GROUPS", "-1")));
    assertTrue(e.getMessage().contains("JOBS_WORKER_GROUPS"), e.getMessage());
  }

  @Test
  void redisIpIsTheTextsVariableAndLosesToRedisUrl() {
    assertEquals("redis://10.0.0.5:6379", AppConfig.from(new JsonObject(), Map.of("REDIS_IP", "10.0.0.5")).redisUrl());
    assertEquals("redis://a:1", AppConfig.from(new JsonObject(),
        Map.of("REDIS_IP", "10.0.0.5", "REDIS_URL", "redis://a:1")).redisUrl());
  }

  @Test
  void badValuesAreRejectedWithTheSettingsName() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("JOBS_WORKERS", "many")));
    assertTrue(e.getMessage().contains("JOBS_WORKERS"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("JOBS_ROLE", "boss")));
    assertTrue(e.getMessage().contains("all, api or worker"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("REDIS_URL", "http://x")));
    e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("JOBS_WORKER_ID", "bad/id")));
    assertTrue(e.getMessage().contains("JOBS_WORKER_ID"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("JOBS_WORKER_LEASE_MS", "10")));
  }

  @Test
  void reliabilitySettingsComeFromTheFileAndTheEnvironment() throws Exception {
    AppConfig defaults = AppConfig.from(shippedDefaults(), Map.of());
    var queue = defaults.queueSettings();
    assertEquals(3, queue.defaultMaxAttempts());
    assertEquals(300_000, queue.defaultTimeoutMs());
    assertEquals(3, queue.maxStalls());
    assertEquals(7 * 24 * 3600, queue.retentionSeconds());
    assertEquals(1_000_000, queue.queueCap());
    assertEquals(25_000, defaults.shutdownGraceMs());
    assertEquals(null, defaults.authToken());
    assertEquals("writes", defaults.authScope());
    AppConfig c = AppConfig.from(shippedDefaults(), Map.of("JOBS_MAX_ATTEMPTS", "7", "JOBS_TIMEOUT_MS", "1000",
        "JOBS_MAX_STALLS", "2", "JOBS_RETENTION_SECONDS", "60", "JOBS_QUEUE_CAP", "0", "JOBS_SHUTDOWN_GRACE_MS", "0",
        "JOBS_API_TOKEN", "0123456789abcdef", "JOBS_AUTH_SCOPE", "all", "REDIS_TLS_CA_FILE", "/etc/ca.pem"));
    assertEquals(7, c.queueSettings().defaultMaxAttempts());
    assertEquals(1000, c.queueSettings().defaultTimeoutMs());
    assertEquals(2, c.queueSettings().maxStalls());
    assertEquals(60, c.queueSettings().retentionSeconds());
    assertEquals(0, c.queueSettings().queueCap());
    assertEquals(0, c.shutdownGraceMs());
    assertEquals("all", c.authScope());
    assertEquals("/etc/ca.pem", c.redisTlsCaFile());
    for (var bad : List.of(Map.of("JOBS_MAX_ATTEMPTS", "0"), Map.of("JOBS_API_TOKEN", "short"),
        Map.of("JOBS_AUTH_SCOPE", "some"), Map.of("JOBS_RETRY_BASE_MS", "5000", "JOBS_RETRY_MAX_MS", "10"),
        Map.of("JOBS_QUEUE_CAP", "-1"))) {
      assertThrows(IllegalArgumentException.class, () -> AppConfig.from(shippedDefaults(), bad), bad.toString());
    }
  }

  @Test
  void anUnknownDefaultTypeStopsStartUp() {
    var e = assertThrows(IllegalArgumentException.class, () -> JobsService.start(
        AppConfig.from(new JsonObject(), Map.of("JOBS_DEFAULT_TYPE", "Summary", "REDIS_URL", "redis://127.0.0.1:1"))));
    assertTrue(e.getMessage().contains("'Summary' is not a job type"), e.getMessage());
  }

  @Test
  void redisVersionsBelow62AreRefused() {
    assertEquals("7.0.15", JobsService.serverVersion("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone"));
    assertTrue(JobsService.atLeast("6.2.0", 6, 2));
    assertTrue(JobsService.atLeast("7.0.15", 6, 2));
    assertTrue(!JobsService.atLeast("6.0.16", 6, 2));
    assertTrue(!JobsService.atLeast("5.0.7", 6, 2));
  }

  @Test
  void badRedisUrlErrorNeverShowsThePassword() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("REDIS_URL", "http://user:s3cret@x")));
    assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void aConfigFileNamedOnTheCommandLineIsRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("my.json");
    Files.writeString(file, "{\"role\": \"api\", \"http\": {\"port\": 9123}, \"workers\": {\"count\": 2}}");
    AppConfig c = AppConfig.from(Main.readConfig(file), Map.of());
    assertEquals(Role.API, c.role());
    assertEquals(9123, c.httpPort());
    assertEquals(2, c.workers());

    var missing = assertThrows(IllegalArgumentException.class, () -> Main.readConfig(dir.resolve("nope.json")));
    assertTrue(missing.getMessage().contains("nope.json"), missing.getMessage());
    Files.writeString(file, "{not json");
    var broken = assertThrows(IllegalArgumentException.class, () -> Main.readConfig(file));
    assertTrue(broken.getMessage().contains("my.json"), broken.getMessage());
  }

  @Test
  void withoutAFileTheDefaultsInTheJarApply() throws Exception {
    // The test's working directory has conf/config.json; either way the defaults are the same.
    assertEquals(AppConfig.from(shippedDefaults(), Map.of()), AppConfig.from(Main.readConfig(null), Map.of()));
  }

  @Test
  void passwordsAreRedacted() {
    assertEquals("redis://user:***@host:6379", Redacted.url("redis://user:hunter2@host:6379"));
    assertEquals("redis://:***@host:6379", Redacted.url("redis://:hunter2@host:6379"));
    assertEquals("rediss://:***@host", Redacted.url("rediss://hunter2@host"));
    assertEquals("redis://host:6379", Redacted.url("redis://host:6379"));
  }

  @Test
  void helpListsEveryRoleAndVariable() {
    String help = Main.help();
    for (String word : new String[] {"all", "api", "worker"}) {
      assertTrue(help.contains(word), word);
    }
    AppConfig.ENVIRONMENT.keySet().forEach(k -> assertTrue(help.contains(k), k));
  }

  @Test
  void logFormatIsPlainOrJsonAndAnythingElseStopsStartUp() {
    assertEquals("PLAIN", LogFormat.parse(null));
    assertEquals("PLAIN", LogFormat.parse(" "));
    assertEquals("PLAIN", LogFormat.parse("plain"));
    assertEquals("JSON", LogFormat.parse("json"));
    assertEquals("JSON", LogFormat.parse(" JSON "));
    AppConfig.from(new JsonObject(), Map.of("LOG_FORMAT", "json"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("LOG_FORMAT", "logfmt")));
    assertEquals("LOG_FORMAT must be plain or json, got: logfmt", e.getMessage());
  }

  @Test
  void redisPasswordGoesIntoTheUrlEncodedAndRedacted() {
    AppConfig c = AppConfig.from(new JsonObject(),
        Map.of("REDIS_URL", "redis://redis:6379/2", "REDIS_PASSWORD", "p@ss word:/#"));
    assertEquals("redis://:p%40ss+word%3A%2F%23@redis:6379/2", c.redisUrl());
    assertEquals("redis://:***@redis:6379/2", Redacted.url(c.redisUrl()));
    assertEquals("rediss://:pw@10.0.0.7:6379",
        AppConfig.from(new JsonObject(), Map.of("REDIS_IP", "10.0.0.7", "REDIS_PASSWORD", "pw")).redisUrl()
            .replace("redis://", "rediss://"));
    assertEquals("redis://redis:6379",
        AppConfig.from(new JsonObject(), Map.of("REDIS_URL", "redis://redis:6379", "REDIS_PASSWORD", "")).redisUrl());
  }

  @Test
  void redisPasswordNeedsARedisUrlWithoutCredentials() {
    var none = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("REDIS_PASSWORD", "pw")));
    assertTrue(none.getMessage().contains("set REDIS_URL"), none.getMessage());
    var twice = assertThrows(IllegalArgumentException.class, () -> AppConfig.from(new JsonObject(),
        Map.of("REDIS_URL", "redis://:secret@redis:6379", "REDIS_PASSWORD", "pw")));
    assertTrue(twice.getMessage().contains("in one place"), twice.getMessage());
    assertFalse(twice.getMessage().contains("secret"), twice.getMessage());
  }

  @Test
  void sentinelModeFromTheEnvironmentWithThePasswordInEverySentinelUrl() throws Exception {
    AppConfig c = AppConfig.from(shippedDefaults(), Map.of("REDIS_SENTINELS", " s1:26379, redis://s2:26379 ,",
        "REDIS_MASTER_NAME", "jobs", "REDIS_PASSWORD", "p w", "REDIS_WAIT_REPLICAS", "1"));
    assertEquals(RedisSetup.Mode.SENTINEL, c.topology().mode());
    assertEquals(List.of("redis://:p+w@s1:26379", "redis://:p+w@s2:26379"), c.topology().nodes());
    assertEquals("jobs", c.topology().masterName());
    assertEquals(1, c.queueSettings().waitReplicas());
    assertNull(c.redisUrl());
    String said = c.topology().describe(c.redisUrl());
    assertFalse(said.contains("p+w"), said);
    assertTrue(said.contains("sentinel master 'jobs' via redis://:***@s1:26379"), said);
    var options = JobsService.redisOptions(c, 3);
    assertEquals(io.vertx.redis.client.RedisClientType.SENTINEL, options.getType());
    assertEquals("jobs", options.getMasterName());
    assertEquals(2, options.getEndpoints().size());
  }

  @Test
  void clusterModeFromTheConfigFileWithTls() {
    JsonObject file = new JsonObject().put("redis", new JsonObject()
        .put("cluster_nodes", new io.vertx.core.json.JsonArray().add("rediss://a:7000").add("rediss://u:pw@b:7001")));
    AppConfig c = AppConfig.from(file, Map.of("REDIS_PASSWORD", "x"));
    assertEquals(RedisSetup.Mode.CLUSTER, c.topology().mode());
    assertEquals(List.of("rediss://:x@a:7000", "rediss://u:pw@b:7001"), c.topology().nodes());
    var options = JobsService.redisOptions(c, 3);
    assertEquals(io.vertx.redis.client.RedisClientType.CLUSTER, options.getType());
    assertTrue(options.getNetClientOptions().isSsl(), "rediss:// nodes mean TLS");
    assertEquals(0, c.queueSettings().waitReplicas());
  }

  @Test
  void topologySettingsThatContradictEachOtherAreRefused() {
    for (Map<String, String> env : List.of(
        Map.of("REDIS_SENTINELS", "a:1", "REDIS_CLUSTER_NODES", "b:2"),
        Map.of("REDIS_SENTINELS", "a:1", "REDIS_URL", "redis://c:3"),
        Map.of("REDIS_CLUSTER_NODES", "a:1,rediss://b:2"),
        Map.of("REDIS_CLUSTER_NODES", "http://a:1"),
        Map.of("REDIS_WAIT_REPLICAS", "-1"))) {
      assertThrows(IllegalArgumentException.class, () -> AppConfig.from(new JsonObject(), env), env.toString());
    }
  }

  @Test
  void helpNamesTheHealthAndMetricsEndpoints() {
    String help = Main.help();
    // .ci/manifests/check.cjs reads these lines to check the probes of k8s/.
    assertTrue(help.matches("(?s).*GET /health/live +liveness:.*"), help);
    assertTrue(help.matches("(?s).*GET /health/ready +readiness:.*"), help);
    assertTrue(help.matches("(?s).*GET /metrics +metrics:.*"), help);
  }

  @Test
  void anEmptyRedisUrlAsTheImageSetsItMeansNone() {
    assertNull(AppConfig.from(new JsonObject(), Map.of("REDIS_URL", "")).redisUrl());
  }
}
