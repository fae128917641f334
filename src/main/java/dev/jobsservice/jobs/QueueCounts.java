package dev.jobsservice.jobs;

/**
 * How many jobs are in each state that an operator watches, read together in one round trip:
 * waiting on the queue, running, waiting for a retry backoff, and failed.
 */
public record QueueCounts(long waiting, long running, long delayed, long failed) {
}
