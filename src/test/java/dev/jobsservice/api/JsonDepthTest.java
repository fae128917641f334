package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The depth limit holds on the decoded value, whatever hid brackets from the byte scan. */
class JsonDepthTest {
  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void decodedValuesAreMeasuredLikeTheText() {
    for (int depth : new int[] {2, 3, 31, 32}) {
      String json = "{\"a\":" + nested(depth - 1) + "}";
      assertFalse(JsonDepth.exceeds(Buffer.buffer(json), 32), json);
      assertFalse(JsonDepth.exceeds(Json.decodeValue(json), 32), json);
    }
    String over = "{\"a\":" + nested(32) + "}";
    assertTrue(JsonDepth.exceeds(Buffer.buffer(over), 32));
    assertTrue(JsonDepth.exceeds(Json.decodeValue(over), 32));
    assertFalse(JsonDepth.exceeds(Json.decodeValue("\"[[[[\""), 0), "a string is no nesting");
  }

  /** The parser takes comments; a quote in one made the byte scan skip the brackets after it. */
  @Test
  void aQuoteInACommentDoesNotHideNesting() {
    String json = "{\"a\":/*\"*/" + nested(200) + "/*\"*/}";
    assertFalse(JsonDepth.exceeds(Buffer.buffer(json), 32), "the byte scan is fooled: why the second check exists");
    assertTrue(JsonDepth.exceeds(Json.decodeValue(json), 32));
  }

  /** The parser detects UTF-16; U+2200 is the bytes 22 00, a quote to the byte scan. */
  @Test
  void aUtf16BodyDoesNotHideNesting() {
    String json = "{\"f\":\"\u2200\",\"a\":" + nested(200) + ",\"g\":\"\u2200\"}";
    Buffer utf16 = Buffer.buffer(json.getBytes(StandardCharsets.UTF_16BE));
    assertFalse(JsonDepth.exceeds(utf16, 32), "the byte scan is fooled: why the second check exists");
    assertTrue(JsonDepth.exceeds(Json.decodeValue(utf16), 32));
  }
}
