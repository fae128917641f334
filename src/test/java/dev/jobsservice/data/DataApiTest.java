package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST, GET and DELETE /data through HTTP against the real Redis. */
class DataApiTest {
  private static JobsService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    service = TestService.start(TestRedis.prefix(), "api", 0);
    http = TestService.http(service);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void loadsKeepsIdsGeneratesMissingOnesAndReplaces() {
    var load = http.post("/data", """
        {"data": [{"id": "a", "name": "Zürich", "nested": {"k": [1, 2]}},
                  {"id": 7, "name": "seven"},
                  {"name": "no id"},
                  {"id": "a", "name": "a again"}]}""");
    assertEquals(201, load.status(), load.body());
    assertEquals(3, load.json().getInteger("loaded"));
    assertEquals(1, load.json().getInteger("duplicate_ids"));

    JsonObject a = http.get("/data/a").json();
    assertEquals(new JsonObject("{\"id\": \"a\", \"name\": \"a again\"}"), a, "the later record wins");
    assertEquals("seven", http.get("/data/7").json().getString("name"));
    JsonObject page = http.get("/data").json();
    assertEquals(3, page.getLong("total"));
    String generated = page.getJsonArray("data").getJsonObject(2).getString("id");
    assertNotNull(generated);
    assertEquals("no id", http.get("/data/" + generated).json().getString("name"));

    assertEquals(201, http.post("/data", "[{\"id\": \"b\", \"x\": 1}]").status());
    assertEquals(404, http.get("/data/a").status(), "a load replaces the dataset");
    assertEquals(1, http.get("/data").json().getLong("total"));
  }

  @Test
  void pagesInLoadOrderAndSearchesValuesIgnoringCase() {
    JsonArray records = new JsonArray();
    for (int i = 0; i < 120; i++) {
      records.add(new JsonObject().put("id", "r" + i).put("name", i % 10 == 0 ? "Big FALLS " + i : "town " + i)
          .put("year", 1900 + i));
    }
    assertEquals(201, http.post("/data", records.encode(), "application/json").status());

    List<String> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = http.get("/data?limit=50" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.getJsonArray("data").forEach(r -> ids.add(((JsonObject) r).getString("id")));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertEquals(3, pages);
    assertEquals(120, ids.size());
    assertEquals("r0", ids.get(0));
    assertEquals("r119", ids.get(119));

    JsonObject found = http.get("/data?search=falls&limit=5").json();
    assertEquals(5, found.getJsonArray("data").size());
    assertTrue(found.getJsonArray("data").getJsonObject(0).getString("name").startsWith("Big FALLS"));
    String next = found.getString("next_cursor");
    assertNotNull(next);
    JsonObject rest = http.get("/data?search=FaLLs&limit=50&cursor=" + next).json();
    assertEquals(7, rest.getJsonArray("data").size(), "12 matches in all, 5 on the first page");
    assertNull(rest.getValue("next_cursor"));
    assertEquals(1, http.get("/data?search=1999").json().getJsonArray("data").size(), "numbers match too");
    assertEquals(0, http.get("/data?search=name").json().getJsonArray("data").size(), "keys do not match");
  }

  @Test
  void deleteEmptiesTheDataset() {
    assertEquals(201, http.post("/data", "[{\"id\": \"x\"}]").status());
    assertEquals(204, http.delete("/data").status());
    assertEquals(0, http.get("/data").json().getLong("total"));
    assertEquals(404, http.get("/data/x").status());
  }
}
