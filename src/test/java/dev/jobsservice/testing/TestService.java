package dev.jobsservice.testing;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.app.AppConfig;
import dev.jobsservice.app.JobsService;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Starts the service in this JVM, on a free port, against the tests' Redis, under its own prefix. */
public final class TestService {
  private TestService() {
  }

  /** Settings as a test wants them: env-style overrides over the defaults. */
  public static AppConfig config(String prefix, String role, int workers, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", TestRedis.url());
    env.put("HTTP_PORT", "0");
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("JOBS_PREFIX", prefix);
    env.put("JOBS_ROLE", role);
    env.put("JOBS_WORKERS", Integer.toString(workers));
    env.put("JOBS_WORKER_ID", "test-" + prefix);
    env.putAll(extra);
    return AppConfig.from(new JsonObject(), env);
  }

  public static JobsService start(String prefix, String role, int workers) throws IOException {
    return JobsService.start(config(prefix, role, workers, Map.of()));
  }

  public static JobsService start(AppConfig config, Analyses analyses) throws IOException {
    return JobsService.start(config, analyses);
  }

  public static Http http(JobsService service) {
    return new Http("http://127.0.0.1:" + service.httpPort());
  }
}
