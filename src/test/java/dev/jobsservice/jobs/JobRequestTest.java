package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JobRequestTest {
  @Test
  void theTextsRequestNeedsOnlyStartAndEnd() {
    JobRequest r = JobRequest.fromJson(new JsonObject("{\"start\":\"2000\",\"end\":\"2010\"}"), "summary");
    assertEquals("summary", r.type());
    assertEquals("2000", r.start());
    assertEquals(new JsonObject(), r.params());
  }

  @Test
  void eachBadFieldIsNamed() {
    assertMessage("{\"end\":1}", "'start' is required");
    assertMessage("{\"start\":1}", "'end' is required");
    assertMessage("{\"start\":true,\"end\":1}", "'start' must be a number or a string");
    assertMessage("{\"start\":\"\",\"end\":1}", "'start' must be a number or a non-empty string");
    assertMessage("{\"start\":1,\"end\":[1]}", "'end' must be a number or a string");
    assertMessage("{\"start\":1,\"end\":2,\"type\":5}", "'type' must be a string");
    assertMessage("{\"start\":1,\"end\":2,\"type\":\"Bad Type\"}", "'type' must be a lower-case name");
    assertMessage("{\"start\":1,\"end\":2,\"params\":[]}", "'params' must be a JSON object");
  }

  @Test
  void typeNamesAreALowerCaseLetterThenLettersDigitsOrUnderscoresUpTo64() {
    for (String good : new String[] {"a", "summary", "group_count", "t2", "a_", "a".repeat(64)}) {
      assertTrue(JobRequest.isTypeName(good), good);
    }
    for (String bad : new String[] {"", "_a", "9a", "Summary", "sum-mary", "sum mary", "summ\u00e9", "a".repeat(65),
        "a\n", "a{", "a`", "a/", "a:", "a@", "a["}) {
      assertFalse(JobRequest.isTypeName(bad), bad);
    }
  }

  @Test
  void paramsMustBeFiniteAndSmall() {
    assertMessage("{\"start\":1,\"end\":2,\"params\":{\"x\":1e400}}", "finite numbers");
    assertMessage("{\"start\":1,\"end\":2,\"params\":{\"x\":[1, {\"y\": -1e400}]}}", "finite numbers");
    assertMessage("{\"start\":1,\"end\":2,\"params\":{\"x\":\"" + "a".repeat(JobRequest.MAX_PARAMS_BYTES)
        + "\"}}", "at most 16384 bytes");
  }

  @Test
  void timestampsAlwaysCarryMilliseconds() {
    for (int i = 0; i < 50; i++) {
      String now = Clock.now();
      assertTrue(now.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), now);
    }
  }

  private static void assertMessage(String json, String expected) {
    var e = assertThrows(IllegalArgumentException.class, () -> JobRequest.fromJson(new JsonObject(json), "summary"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
