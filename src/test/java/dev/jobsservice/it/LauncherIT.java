package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/jobs-service, the launcher the benchmarks use: its first run trains and writes the
 * class-data archive ({@code --exit-when-ready}: start, then a clean stop, exit 0), and a run
 * with the archive starts and stops cleanly too.
 */
class LauncherIT {

  private static String run(Path dir, Path archive, String redisUrl) throws Exception {
    Path jar = Path.of(System.getProperty("jobs.jar", "target/jobs-service.jar")).toAbsolutePath();
    Path log = dir.resolve("launcher-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(Path.of("bin/jobs-service").toAbsolutePath().toString(),
        "--exit-when-ready").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    var env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("REDIS_") || k.startsWith("JOBS_") || k.equals("JAVA_OPTS"));
    env.put("JAR", jar.toString());
    env.put("ARCHIVE", archive.toString());
    env.put("REDIS_URL", redisUrl);
    env.put("HTTP_PORT", "0");
    env.put("JOBS_WORKERS", "2");
    Process p = builder.start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the launcher did not exit: " + Files.readString(log));
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void trainsAnArchiveThenStartsWithIt() throws Exception {
    Path dir = Files.createTempDirectory("jobs-it-launcher-");
    Path archive = dir.resolve("jobs-service.jsa");
    try (RedisProcess redis = RedisProcess.start(false)) {
      String first = run(dir, archive, redis.url());
      assertTrue(Files.size(archive) > 1_000_000, "no class-data archive written: " + first);
      assertTrue(first.contains("jobs-service started"), first);
      long written = Files.getLastModifiedTime(archive).toMillis();
      String second = run(dir, archive, redis.url());
      assertTrue(second.contains("jobs-service started"), second);
      assertEquals(written, Files.getLastModifiedTime(archive).toMillis(), "the archive is reused, not rewritten");
    } finally {
      JarProcess.deleteTree(dir);
    }
  }
}
