package dev.jobsservice.jobs;

/**
 * Ids of the events in the events stream. The scripts write several status changes to one entry
 * (lib/batched.lua), so an entry's id names no single event: event {@code i} of entry
 * {@code <ms>-<seq>} is {@code <ms>-<seq * 1000 + i>}. Such ids keep a stream id's syntax and order
 * (what clients hold as Last-Event-ID, and what several queues' streams are merged by), and an
 * entry holds at most {@link #PER_ENTRY} events. An entry written before events were gathered holds
 * one, so its event's id is its own with the sequence times 1000.
 */
final class EventIds {
  static final int PER_ENTRY = 1000;

  private EventIds() {
  }

  /** The id of event {@code index} (from 0) of the entry with id {@code entryId}. */
  static String of(String entryId, int index) {
    int dash = entryId.indexOf('-');
    long seq = Long.parseUnsignedLong(entryId.substring(dash + 1));
    return entryId.substring(0, dash) + "-" + Long.toUnsignedString(seq * PER_ENTRY + index);
  }

  /** The id of the entry that holds event {@code eventId} (a stream id, or its {@code <ms>} part alone). */
  static String entryOf(String eventId) {
    int dash = eventId.indexOf('-');
    if (dash < 0) {
      return eventId + "-0";
    }
    long n = Long.parseUnsignedLong(eventId.substring(dash + 1));
    return eventId.substring(0, dash) + "-" + Long.toUnsignedString(Long.divideUnsigned(n, PER_ENTRY));
  }
}
