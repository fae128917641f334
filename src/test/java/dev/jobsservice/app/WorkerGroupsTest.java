package dev.jobsservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * How many event loops a queue's workers share (JobsService.workerGroups): one per core without
 * the API, one per two cores beside it, unless set; never none, never more than the workers.
 */
class WorkerGroupsTest {
  @Test
  void aWorkerOnlyProcessHasAGroupPerCore() {
    assertEquals(2, JobsService.workerGroups(50, 0, 2, false));
    assertEquals(8, JobsService.workerGroups(50, 0, 8, false));
    assertEquals(1, JobsService.workerGroups(50, 0, 1, false));
  }

  @Test
  void besideTheApiAGroupPerTwoCores() {
    assertEquals(1, JobsService.workerGroups(16, 0, 2, true));
    assertEquals(4, JobsService.workerGroups(16, 0, 8, true));
    assertEquals(1, JobsService.workerGroups(16, 0, 1, true));
  }

  @Test
  void neverMoreGroupsThanWorkers() {
    assertEquals(1, JobsService.workerGroups(1, 0, 8, false));
    assertEquals(3, JobsService.workerGroups(3, 0, 8, false));
    assertEquals(2, JobsService.workerGroups(2, 5, 2, true));
  }

  @Test
  void aSetCountWinsOverTheCores() {
    assertEquals(1, JobsService.workerGroups(50, 1, 8, false));
    assertEquals(3, JobsService.workerGroups(50, 3, 2, true));
  }
}
