package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The id rule, checked by hand, must say what the regex it replaced says. */
class JobIdsTest {
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Test
  void theEdgesOfEachRange() {
    assertTrue(JobIds.isValid(JobIds.next()));
    assertTrue(JobIds.isValid("azAZ09_-"));
    assertTrue(JobIds.isValid("x".repeat(64)));
    assertFalse(JobIds.isValid("x".repeat(65)));
    assertFalse(JobIds.isValid(""));
    assertFalse(JobIds.isValid(null));
    // The characters just outside each range, and some a path or a key must never carry.
    for (char c : new char[] {'/', ':', '@', '[', '`', '{', ',', '.', ' ', '*', '\u00e9', '\u0000', '\u212a'}) {
      assertFalse(JobIds.isValid("ab" + c + "cd"), "'" + c + "'");
    }
  }

  @Test
  void agreesWithTheRegexOnRandomStrings() {
    Random random = new Random(7);
    String alphabet = "aZ09_-/:@[`{.~ é\u0000";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder id = new StringBuilder();
      for (int n = random.nextInt(70); n > 0; n--) {
        id.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
            : (char) ('a' + random.nextInt(26)));
      }
      assertEquals(RULE.matcher(id).matches(), JobIds.isValid(id.toString()), id.toString());
    }
  }
}
