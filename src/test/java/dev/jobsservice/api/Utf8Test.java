package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Well-formed UTF-8, as RFC 3629 defines it, and nothing else. */
class Utf8Test {
  private static Buffer bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return Buffer.buffer(out);
  }

  @Test
  void textOfEveryLengthIsValid() {
    assertTrue(Utf8.isValid(Buffer.buffer("")));
    assertTrue(Utf8.isValid(Buffer.buffer("{\"a\":\"é 中 😀 שלום \\u0000\"}")));
    assertTrue(Utf8.isValid(bytes(0x00, 0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80,
        0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF)));
  }

  @Test
  void overlongFormsSurrogatesAndStrayBytesAreNot() {
    int[][] bad = {{0x80}, {0xBF}, {0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xE0, 0x9F, 0xBF},
        {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF0, 0x80, 0x80, 0xAF}, {0xF0, 0x8F, 0xBF, 0xBF},
        {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80},
        {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xFE}, {0xFF}, {0xC3}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98}, {0xC3, 0x28},
        {0xE2, 0x28, 0xA1}, {0x41, 0xF0, 0x9F, 0x98, 0x41}};
    for (int[] b : bad) {
      assertFalse(Utf8.isValid(bytes(b)), Arrays.toString(b));
    }
  }

  /** Agrees with the JDK's strict decoder on random bytes, which hit every branch. */
  @Test
  void agreesWithTheJdkDecoder() {
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(8)];
      for (int i = 0; i < b.length; i++) {
        // Mostly high bytes: that is where UTF-8 is interesting.
        b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
      }
      assertEquals(jdk(b), Utf8.isValid(Buffer.buffer(b)), Arrays.toString(b));
    }
  }

  private static boolean jdk(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
