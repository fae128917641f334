package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

/**
 * Workers keep a copy of the dataset and re-read it only when its version changes (the version
 * comes with each claimed job). A job submitted after a change was acknowledged must see the
 * change, whichever worker runs it and whatever it cached: replace, append and clear, each
 * right after jobs that filled the workers' copy.
 */
class DatasetChangeTest {
  private final String prefix = TestRedis.prefix();

  private static long count(Http http) {
    JsonObject done = Jobs.awaitTerminal(http, Jobs.submit(http, "{\"start\":0,\"end\":3000}"));
    assertEquals("complete", done.getString("status"), done.encode());
    return http.get("/jobs/" + done.getString("id") + "/results").json().getLong("count");
  }

  /** Several jobs, so every worker of the process serves one from its copy. */
  private static void countsAre(Http http, long expected) {
    for (int i = 0; i < 4; i++) {
      assertEquals(expected, count(http));
    }
  }

  @Test
  void jobsSubmittedAfterAChangeSeeIt() throws Exception {
    try (JobsService service = TestService.start(prefix, "all", 3); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(service);
      countsAre(http, 0);
      assertEquals(201, http.post("/data", "[{\"year\":2000},{\"year\":2001}]").status());
      countsAre(http, 2);
      assertEquals(201, http.post("/data", "[{\"year\":2000},{\"year\":2001},{\"year\":2002}]").status());
      countsAre(http, 3);
      assertEquals(201, http.post("/data?mode=append", "[{\"year\":1999}]").status());
      countsAre(http, 4);
      assertEquals(204, http.delete("/data").status());
      countsAre(http, 0);
      assertEquals("4", cli.send(Request.cmd(Command.GET).arg("{" + prefix + "}:data-version:default")).toString(),
          "each change raised the version once");
    }
  }
}
