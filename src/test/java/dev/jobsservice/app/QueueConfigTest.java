package dev.jobsservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.jobs.QueueSettings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** jobs.queues / JOBS_QUEUES and workers.queues / JOBS_WORKER_QUEUES: parsed, checked, defaulted. */
class QueueConfigTest {
  private static AppConfig config(Map<String, String> env) {
    return AppConfig.from(new JsonObject(), env);
  }

  private static String refused(Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> config(env)).getMessage();
  }

  @Test
  void oneDefaultQueueUnlessConfigured() {
    AppConfig c = config(Map.of("JOBS_WORKERS", "3"));
    assertEquals(List.of("default"), c.queues());
    assertEquals(Map.of("default", 3), c.workersPerQueue());
  }

  @Test
  void everyConfiguredQueueGetsTheWorkerCountUnlessTheProcessNamesItsQueues() {
    AppConfig all = config(Map.of("JOBS_QUEUES", "default, reports", "JOBS_WORKERS", "2"));
    assertEquals(List.of("default", "reports"), all.queues());
    assertEquals(Map.of("default", 2, "reports", 2), all.workersPerQueue());
    AppConfig some = config(Map.of("JOBS_QUEUES", "default,reports", "JOBS_WORKER_QUEUES", "reports:3"));
    assertEquals(Map.of("reports", 3), some.workersPerQueue());
    assertEquals(Map.of(), config(Map.of("JOBS_QUEUES", "default,reports", "JOBS_ROLE", "api")).workersPerQueue());
  }

  @Test
  void theFileTakesAListAndAnObjectOfWeights() {
    JsonObject file = new JsonObject().put("jobs", new JsonObject().put("queues", new io.vertx.core.json.JsonArray()
        .add("default").add("bulk")))
        .put("workers", new JsonObject().put("queues", new JsonObject().put("bulk", 5).put("default", 1)));
    AppConfig c = AppConfig.from(file, Map.of());
    assertEquals(List.of("default", "bulk"), c.queues());
    assertEquals(Map.of("bulk", 5, "default", 1), c.workersPerQueue());
  }

  @Test
  void badQueueSettingsAreRefusedWithAClearMessage() {
    assertTrue(refused(Map.of("JOBS_QUEUES", "default,reports", "JOBS_WORKER_QUEUES", "report:2"))
        .contains("'report', which is not configured; configured queues (jobs.queues, JOBS_QUEUES): [default, reports]"));
    assertTrue(refused(Map.of("JOBS_QUEUES", "reports")).contains("must include 'default'"));
    assertTrue(refused(Map.of("JOBS_QUEUES", "default,Reports")).contains("queue names are 1-32 of [a-z0-9_-]"));
    assertTrue(refused(Map.of("JOBS_QUEUES", "default,-x")).contains("'-x'"));
    assertTrue(refused(Map.of("JOBS_QUEUES", "default,default")).contains("twice"));
    assertTrue(refused(Map.of("JOBS_WORKER_QUEUES", "default")).contains("queue:workers"));
    assertTrue(refused(Map.of("JOBS_WORKER_QUEUES", "default:x")).contains("queue:workers"));
    assertTrue(refused(Map.of("JOBS_QUEUES", "default," + "a".repeat(33))).contains("1-32"));
  }

  @Test
  void theDefaultQueueKeepsThePrefixAndOthersGetATagOfTheirOwn() {
    QueueSettings base = QueueSettings.defaults("jobs");
    assertEquals("jobs", base.forQueue("default").prefix());
    assertEquals("jobs:q:reports", base.forQueue("reports").prefix());
    assertEquals(base.leaseMs(), base.forQueue("reports").leaseMs());
  }

  @Test
  void theHelpListsTheQueueVariables() {
    assertTrue(AppConfig.ENVIRONMENT.containsKey("JOBS_QUEUES"));
    assertTrue(AppConfig.ENVIRONMENT.containsKey("JOBS_WORKER_QUEUES"));
  }
}
