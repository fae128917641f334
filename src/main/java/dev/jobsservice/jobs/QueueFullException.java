package dev.jobsservice.jobs;

/** A submit refused because the queue holds as many ids as its cap allows. */
public final class QueueFullException extends RuntimeException {
  public QueueFullException(long length) {
    super("the queue holds " + length + " jobs, its cap; try again later");
  }
}
