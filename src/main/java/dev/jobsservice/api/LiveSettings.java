package dev.jobsservice.api;

/**
 * Limits of waiting and watching: {@code GET /jobs/{id}?wait=} waits at most
 * {@code maxWaitSeconds} (by default 60), and at most {@code maxEventClients} event streams
 * (by default 1000) are open at once; more get 503.
 */
public record LiveSettings(int maxWaitSeconds, int maxEventClients) {
  /**
   * A waiting request sends nothing, so the HTTP idle timeout would cut it: waits stay well below
   * it. (Event streams send a keep-alive comment, so they are not cut.)
   */
  static final int WAIT_CEILING_SECONDS = HttpVerticle.IDLE_TIMEOUT_SECONDS - 10;

  public static final LiveSettings DEFAULTS = new LiveSettings(60, 1000);

  public LiveSettings {
    if (maxWaitSeconds < 0 || maxWaitSeconds > WAIT_CEILING_SECONDS) {
      throw new IllegalArgumentException("http.max_wait_seconds must be from 0 to " + WAIT_CEILING_SECONDS
          + ", got " + maxWaitSeconds);
    }
    if (maxEventClients < 0 || maxEventClients > 100_000) {
      throw new IllegalArgumentException("http.max_event_clients must be from 0 to 100000, got " + maxEventClients);
    }
  }
}
