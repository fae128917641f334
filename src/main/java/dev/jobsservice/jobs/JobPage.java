package dev.jobsservice.jobs;

import java.util.List;

/**
 * One page of GET /jobs, newest first. {@code nextCursor} is null on the last page; passed back
 * as {@code cursor} it gives the jobs submitted before the last one shown.
 */
public record JobPage(List<Job> jobs, String nextCursor) {
}
