package dev.jobsservice.jobs;

/**
 * What a cancel or a retry found: whether it changed the job, and the job's status before
 * ({@code applied}) or, when it could not apply, its status now.
 */
public record Change(boolean applied, JobStatus status) {
}
