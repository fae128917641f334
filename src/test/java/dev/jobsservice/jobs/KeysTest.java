package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeysTest {
  @Test
  void everyKeySharesTheQueuesHashTag() {
    Keys k = new Keys("jobs");
    for (String key : new String[] {k.job("x"), k.result("x"), k.queue(), k.processing("w-1"), k.index(),
        k.byStatus(JobStatus.IN_PROGRESS), k.sequence(), k.workerSlot("w-1")}) {
      assertTrue(key.startsWith("{jobs}:"), key);
    }
    assertEquals("{jobs}:queue", k.queue());
    assertEquals("{jobs}:job:abc", k.job("abc"));
    assertEquals(k.jobPrefix() + "abc", k.job("abc"));
  }

  @Test
  void prefixCannotInjectKeySyntax() {
    assertThrows(IllegalArgumentException.class, () -> new Keys("a}b"));
    assertThrows(IllegalArgumentException.class, () -> new Keys(""));
    assertThrows(IllegalArgumentException.class, () -> new Keys("with space"));
  }

  @Test
  void idsThatCouldEscapeAKeyAreInvalid() {
    assertTrue(JobIds.isValid(JobIds.next()));
    for (String bad : new String[] {"", "a:b", "{jobs}", "../x", "a b", "x".repeat(65), "é", null}) {
      assertFalse(JobIds.isValid(bad), String.valueOf(bad));
    }
  }
}
