package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB CSV upload into a service whose whole heap is 128 MB: it loads only if the upload is
 * streamed (to a file, then batch by batch to Redis) rather than held, and searching it after
 * works without copying its texts into that heap.
 */
class LargeUploadIT {
  private static final int ROWS = 200_000;
  private static final String HEAP = "-Xmx128m";
  private RedisProcess redis;
  private JarProcess api;
  private Path csv;

  @AfterEach
  void cleanUp() throws Exception {
    if (api != null) {
      api.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (csv != null) {
      Files.deleteIfExists(csv);
    }
  }

  @Test
  void aFiftyMegabyteCsvLoadsInASmallHeap() throws Exception {
    csv = Files.createTempFile("jobs-it-large-", ".csv");
    String filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit ".repeat(4);
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("id,name,year,text\r\n");
      for (int i = 0; i < ROWS; i++) {
        out.write(i + "," + (i % 10_000 == 0 ? "Needle " + i : "Łódź " + i) + "," + (1900 + i % 120) + ",\""
            + filler + i + "\"\r\n");
      }
    }
    long size = Files.size(csv);
    assertTrue(size > 50_000_000, "the upload is " + size + " bytes");

    redis = RedisProcess.start(false);
    int port = RedisProcess.freePort();
    api = JarProcess.start("api-small-heap", JarProcess.env("large" + UUID.randomUUID().toString().substring(0, 6),
        port, "REDIS_URL", redis.url(), "JOBS_ROLE", "api"), List.of(HEAP));
    api.waitForStarted();
    Http http = new Http("http://127.0.0.1:" + port);

    // Streamed from the file by the client too; a longer timeout than Http's, for a slow machine.
    HttpResponse<String> load = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base() + "/data"))
        .version(HttpClient.Version.HTTP_1_1)
        .timeout(Duration.ofMinutes(3))
        .header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, load.statusCode(), load.body());
    JsonObject report = new JsonObject(load.body());
    System.out.println("load of " + size + " bytes: " + report.encode());
    assertEquals(ROWS, report.getInteger("loaded"));
    assertEquals(0, report.getInteger("skipped"));

    JsonObject needles = http.get("/data?search=needle&limit=100").json();
    assertEquals(ROWS / 10_000, needles.getJsonArray("data").size(), needles.encode().substring(0, 200));
    assertEquals(ROWS, needles.getInteger("total"));
    assertEquals(1945, http.get("/data/123405").json().getInteger("year"), "123405 % 120 = 45");
    assertEquals(1, http.get("/data?year=1945&search=%C5%81%C3%B3d%C5%BA%20123405&limit=5").json()
        .getJsonArray("data").size(), "a UTF-8 search, any case, and a filter together");
    assertFalse(api.log().contains("OutOfMemoryError"), api.log());
  }
}
