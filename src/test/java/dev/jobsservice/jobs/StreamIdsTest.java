package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamIdsTest {
  @Test
  void ordersByTimeThenSequenceNotAsText() {
    assertTrue(StreamIds.compare("9-0", "10-0") < 0);
    assertTrue(StreamIds.compare("10-2", "10-10") < 0);
    assertTrue(StreamIds.compare("10", "10-1") < 0);
    assertEquals(0, StreamIds.compare("1700000000000-3", "1700000000000-3"));
    assertEquals(1700000000000L, StreamIds.millis("1700000000000-3"));
  }

  @Test
  void acceptsOnlyStreamIds() {
    assertTrue(StreamIds.isValid("1700000000000-0"));
    assertTrue(StreamIds.isValid("1700000000000"));
    for (String bad : new String[] {null, "", "x", "1-", "-1", "1-2-3", "99999999999999999999-0", "1 -0", "$", "+"}) {
      assertFalse(StreamIds.isValid(bad), bad);
    }
  }
}
