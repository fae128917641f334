package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /jobs: newest first, paged by cursor, filtered by status. */
class JobListTest {
  @Test
  void pagesNewestFirstAndFiltersByStatus() throws Exception {
    String prefix = TestRedis.prefix();
    List<String> submitted = new ArrayList<>();
    try (JobsService api = TestService.start(prefix, "api", 0)) {
      Http http = TestService.http(api);
      for (int i = 0; i < 25; i++) {
        submitted.add(0, http.post("/jobs", "{\"start\":" + i + ",\"end\":" + (i + 1) + "}").json().getString("id"));
      }
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonObject page = http.get("/jobs?limit=10" + (cursor == null ? "" : "&cursor=" + cursor)).json();
        page.getJsonArray("jobs").forEach(j -> seen.add(((JsonObject) j).getString("id")));
        cursor = page.getString("next_cursor");
        pages++;
      } while (cursor != null && pages < 10);
      assertEquals(submitted, seen, "every job once, newest first, across pages");
      assertEquals(3, pages);

      assertEquals(25, http.get("/jobs?status=submitted&limit=100").json().getJsonArray("jobs").size());
      JsonObject none = http.get("/jobs?status=complete").json();
      assertEquals(0, none.getJsonArray("jobs").size());
      assertNull(none.getValue("next_cursor"));

      try (JobsService workers = TestService.start(prefix, "worker", 2)) {
        Await.until(Duration.ofSeconds(20), "all complete",
            () -> http.get("/jobs?status=complete&limit=100").json().getJsonArray("jobs").size() == 25);
      }
      assertEquals(0, http.get("/jobs?status=submitted").json().getJsonArray("jobs").size());
      assertEquals(0, http.get("/jobs?status=in_progress").json().getJsonArray("jobs").size());
      JsonArray firstFive = http.get("/jobs?status=complete&limit=5").json().getJsonArray("jobs");
      assertEquals(submitted.subList(0, 5), firstFive.stream().map(j -> ((JsonObject) j).getString("id")).toList(),
          "a status page keeps submit order");
      assertNotNull(firstFive.getJsonObject(0).getString("finished_at"));
    }
  }
}
