package dev.jobsservice.jobs;

/**
 * What a submit gave: the job, and whether it was made by an earlier request with the same
 * idempotency key ({@code replayed}) rather than by this one.
 */
public record Submitted(Job job, boolean replayed) {
}
