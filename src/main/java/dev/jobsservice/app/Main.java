package dev.jobsservice.app;

import dev.jobsservice.ops.Ops;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar jobs-service.jar [--config FILE] [--help]}. Reads the config (the file given,
 * else {@code conf/config.json} if present, else the defaults in the jar), applies the
 * environment, and runs until SIGTERM or Ctrl-C, which stop it cleanly.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    // Netty's buffer allocators emit JFR events of their own; their first use set up the JDK's
    // event machinery (metadata, bytecode generation) on an event loop: 140 ms of a 1 s start.
    // We read none of them; -Dio.netty.jfr.enabled=true brings them back.
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    try {
      Path configFile = null;
      boolean exitWhenReady = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "-h", "--help" -> {
            System.out.println(help());
            return;
          }
          case "--exit-when-ready" -> exitWhenReady = true;
          case "-c", "--config" -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("--config needs a file path");
            }
            configFile = Path.of(args[++i]);
          }
          default -> {
            if (args[i].startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
            configFile = Path.of(args[i]);
          }
        }
      }
      AppConfig config = AppConfig.from(readConfig(configFile), System.getenv());
      JobsService service = JobsService.start(config);
      if (exitWhenReady) {
        // A training run for the class-data archive (bin/jobs-service, the Dockerfile): every
        // class of start-up is loaded by now; a clean stop writes the archive.
        service.close();
        Logs.flush();
        return;
      }
      StopOnSignal.install(service);
    } catch (IllegalArgumentException e) {
      System.err.println("jobs-service: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      log.error("jobs-service could not start: {}", root.getMessage() == null ? root : root.getMessage());
      log.debug("start-up failure", e);
      Logs.flush();
      System.exit(1);
    }
  }

  static JsonObject readConfig(Path file) throws IOException {
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read config file " + file);
      }
      return parse(Files.readString(file), file.toString());
    }
    Path local = Path.of("conf", "config.json");
    if (Files.isReadable(local)) {
      return parse(Files.readString(local), local.toString());
    }
    try (InputStream in = Main.class.getClassLoader().getResourceAsStream("config.json")) {
      return in == null ? new JsonObject() : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "config.json");
    }
  }

  private static JsonObject parse(String text, String where) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + " is not a valid JSON object: " + e.getMessage());
    }
  }

  static String help() {
    StringBuilder out = new StringBuilder("""
        jobs-service: a Redis-backed jobs service (REST API + workers)

        Usage: java -jar jobs-service.jar [--config FILE] [--exit-when-ready] [--help]
               bin/jobs-service [same options]   (a capped heap and a class-data archive)

        Roles (JOBS_ROLE):
          all     the HTTP API and N workers in one process (default)
          api     the HTTP API only (the producer)
          worker  N workers only (the consumers); its HTTP port serves only the endpoints below

        --exit-when-ready: start, then stop at once (exit 0): a start-up check, and the run
        that writes a class-data-sharing archive (java -XX:ArchiveClassesAtExit=FILE).

        Config file: FILE, else conf/config.json if present, else the defaults in the jar.
        Environment variables override it:
        """);
    new TreeMap<>(AppConfig.ENVIRONMENT).forEach((k, v) -> out.append(String.format("  %-20s %s%n", k, v)));
    out.append(String.format("""

        Every process, whatever its role, serves on its HTTP port (http.port, HTTP_PORT):
          GET %-14s liveness: 200, or 503 when a worker's loop is stuck (restart it)
          GET %-14s readiness: 200 while it can work (Redis answers, its workers run), else 503
          GET %-14s metrics: Prometheus text (HTTP, JVM, queue depth, jobs processed)
        """, Ops.LIVE, Ops.READY, Ops.METRICS));
    out.append("""

        Redis topologies (one of):
          one server   REDIS_URL=redis://[user:password@]host:port[/db]   (rediss:// for TLS)
          Sentinel     REDIS_SENTINELS=host:26379,host:26379 REDIS_MASTER_NAME=mymaster
                       (new connections ask the Sentinels for the master: a failover is found
                       within about a second of the Sentinels announcing it)
          Cluster      REDIS_CLUSTER_NODES=host:6379,host:6379 (some nodes; the rest are found)
        REDIS_PASSWORD applies to each. REDIS_WAIT_REPLICAS=N makes a submit wait for N replicas
        (Redis WAIT, at most 2 s; else 503): replication is asynchronous, so without it a job
        accepted just before its master dies can be lost in the failover.
        With no Redis configured and none on localhost:6379, an embedded Redis is started
        (append-only, data in redis.embedded.dir).
        """);
    return out.toString();
  }
}
