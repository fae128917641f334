package dev.jobsservice.jobs;

/** An idempotency key sent again with a different request than the one that first used it. */
public final class IdempotencyConflictException extends RuntimeException {
  public IdempotencyConflictException() {
    super("this Idempotency-Key was already used for a different request");
  }
}
