package dev.jobsservice.data;

import java.util.List;

/**
 * One page of records as stored (JSON text each). {@code nextCursor} is null on the last page;
 * {@code total} is the size of the whole dataset.
 */
public record DataPage(List<String> records, String nextCursor, long total) {
}
