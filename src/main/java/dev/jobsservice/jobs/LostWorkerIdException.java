package dev.jobsservice.jobs;

/**
 * This process no longer holds its worker id: it stalled past the lease and another process took
 * the id (and the jobs it held). The worker must stop using the id and take a new one.
 */
public final class LostWorkerIdException extends RuntimeException {
  LostWorkerIdException(String workerId) {
    super("worker id " + workerId + " is held by another process", null, false, false);
  }
}
