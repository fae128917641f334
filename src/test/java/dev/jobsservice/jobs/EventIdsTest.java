package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void changeIOfAnEntryIsItsSequenceTimes1000PlusI() {
    assertEquals("1764301200000-0", EventIds.of("1764301200000-0", 0));
    assertEquals("1764301200000-7", EventIds.of("1764301200000-0", 7));
    assertEquals("1764301200000-2003", EventIds.of("1764301200000-2", 3));
  }

  @Test
  void theEntryOfAnEventIsFoundBackAndOrderIsKept() {
    assertEquals("1764301200000-2", EventIds.entryOf("1764301200000-2003"));
    assertEquals("1764301200000-0", EventIds.entryOf("1764301200000-999"));
    assertEquals("1764301200000-0", EventIds.entryOf("1764301200000"));
    // Every change of an entry sorts after every change of the entry before it.
    assertTrue(StreamIds.compare(EventIds.of("5-1", 999), EventIds.of("5-2", 0)) < 0);
    assertTrue(StreamIds.compare(EventIds.of("5-9", 999), EventIds.of("6-0", 0)) < 0);
  }
}
