package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The claim's one-string reply (lib/claim.lua): eleven fields joined by NUL, empty for none. */
class ClaimReplyTest {
  @Test
  void splitsElevenFieldsAndReadsEmptyOnesAsMissing() {
    String reply = String.join("\0", "job-1", "summary", "\"2000\"", "2010", "", "3", "", "2026-11-28T10:00:00.000Z",
        "2026-11-28T10:00:01.000Z", "1", "");
    assertArrayEquals(new String[] {"job-1", "summary", "\"2000\"", "2010", null, "3", null, "2026-11-28T10:00:00.000Z",
        "2026-11-28T10:00:01.000Z", "1", null}, ClaimReply.fields(reply));
  }

  @Test
  void refusesAReplyWithTooFewOrTooManyFields() {
    assertNull(ClaimReply.fields(String.join("\0", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")));
    assertNull(ClaimReply.fields(String.join("\0", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l")));
    assertNull(ClaimReply.fields("1"));
  }
}
