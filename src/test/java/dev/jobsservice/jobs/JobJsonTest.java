package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Job.encode() writes field by field; it must write exactly what toJson().encode() does. */
class JobJsonTest {
  /** Characters JSON must escape, and some it must not touch. */
  private static final String[] PIECES = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u0000", "\u001f",
      "\u007f", "é", "ß", "€", "\u2028", "😀", "\ud800", "</script>", "{}", "[]", ":", ","};

  private static final String[] TYPES = {"summary", "sleep", "a", "x_1", "z".repeat(64)};

  @Test
  void writesTheSameTextAsTheJsonObjectForManyJobs() {
    Random random = new Random(20261129);
    for (int i = 0; i < 3_000; i++) {
      Job job = job(random);
      assertEquals(job.toJson().encode(), job.encode(), "job " + i);
    }
  }

  @Test
  void writesTheSameTextForAJobWithEveryOptionalFieldAndForOneWithNone() {
    JobRequest request = new JobRequest("summary", 1900, 2000, new JsonObject().put("field", "year"));
    Job bare = new Job("j1", request, new JobOptions(3, 300_000), JobStatus.SUBMITTED, "2026-11-29T08:00:00.000Z",
        null, null, 0, null, null, null, null, null);
    Job full = new Job("j2", request, new JobOptions(1, 86_400_000), JobStatus.FAILED, "2026-11-29T08:00:00.000Z",
        "2026-11-29T08:00:01.000Z", "2026-11-29T08:00:02.000Z", 7, "w-1", "boom \"quoted\"", "2026-11-29T08:00:31Z",
        "2026-11-29T08:01:00Z", new JsonArray().add(new JsonObject().put("worker", "w-1").put("error", "x")), "reports");
    assertEquals(bare.toJson().encode(), bare.encode());
    assertEquals(full.toJson().encode(), full.encode());
    // Values JSON parsing never makes, written by databind as the JsonObject's own encoding does.
    Job odd = new Job("j3", new JobRequest("summary", 1.5f, (short) 7, new JsonObject()
        .put("map", new java.util.LinkedHashMap<>(java.util.Map.of("a", 1))).put("list", java.util.List.of(1, "x"))
        .put("when", java.time.Instant.parse("2026-11-29T08:00:00Z")).put("bytes", new byte[] {1, 2, 3})),
        new JobOptions(3, 1_000), JobStatus.SUBMITTED, "t", null, null, 0, null, null, null, null, null);
    assertEquals(odd.toJson().encode(), odd.encode());
    assertEquals("{\"id\":\"j1\",\"type\":\"summary\",\"status\":\"submitted\",\"queue\":\"default\",\"start\":1900,"
        + "\"end\":2000,\"params\":{\"field\":\"year\"},\"created_at\":\"2026-11-29T08:00:00.000Z\",\"started_at\":null,"
        + "\"finished_at\":null,\"attempts\":0,\"max_attempts\":3,\"timeout_ms\":300000,\"history\":[]}", bare.encode());
  }

  private static Job job(Random random) {
    JobRequest request = new JobRequest(TYPES[random.nextInt(TYPES.length)], bound(random), bound(random),
        random.nextInt(5) == 0 ? null : object(random, 3));
    JobStatus[] statuses = JobStatus.values();
    JsonArray history = null;
    if (random.nextBoolean()) {
      history = new JsonArray();
      for (int i = random.nextInt(4); i > 0; i--) {
        history.add(new JsonObject().put("worker", text(random)).put("started_at", maybe(random))
            .put("error", maybe(random)));
      }
    }
    return new Job(text(random), request, new JobOptions(1 + random.nextInt(10), 1 + random.nextInt(86_400_000)),
        statuses[random.nextInt(statuses.length)], maybe(random), maybe(random), maybe(random), random.nextInt(),
        maybe(random), maybe(random), maybe(random), maybe(random), history, random.nextBoolean() ? null : text(random));
  }

  /** A range bound: a number or a string that is not blank. */
  private static Object bound(Random random) {
    Object value = scalar(random);
    if (value instanceof String s && s.isBlank() || value == null || value instanceof Boolean) {
      return "x" + value;
    }
    return value;
  }

  private static Object scalar(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> random.nextInt();
      case 1 -> random.nextLong();
      case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
      case 3 -> new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(30));
      case 4 -> new BigInteger(100, random);
      case 5 -> random.nextBoolean();
      case 6 -> null;
      case 7 -> -0.0;
      default -> text(random);
    };
  }

  private static JsonObject object(Random random, int depth) {
    JsonObject object = new JsonObject();
    for (int i = random.nextInt(5); i > 0; i--) {
      object.put(text(random), value(random, depth - 1));
    }
    return object;
  }

  private static Object value(Random random, int depth) {
    if (depth <= 0 || random.nextInt(3) > 0) {
      return scalar(random);
    }
    if (random.nextBoolean()) {
      return object(random, depth);
    }
    JsonArray array = new JsonArray();
    for (int i = random.nextInt(4); i > 0; i--) {
      array.add(value(random, depth - 1));
    }
    return array;
  }

  private static String maybe(Random random) {
    return random.nextInt(3) == 0 ? null : text(random);
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }
}
