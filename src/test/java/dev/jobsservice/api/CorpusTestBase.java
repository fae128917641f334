package dev.jobsservice.api;

import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every corpus test class shares: one service for the class, sent requests over
 * {@link #version()}, and after each test the checks that the service came through (it still
 * runs a job; no key was made from an odd id).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CorpusTestBase {
  Corpus corpus;

  /** The protocol of the corpus: HTTP/1.1 unless a subclass sends it again over h2c. */
  HttpClient.Version version() {
    return HttpClient.Version.HTTP_1_1;
  }

  @BeforeAll
  void startCorpus() throws Exception {
    corpus = Corpus.start(version(), Map.of());
  }

  @AfterAll
  void stopCorpus() {
    if (corpus != null) {
      System.out.println(getClass().getSimpleName() + " over " + version() + ", statuses: " + corpus.statuses());
      corpus.close();
    }
  }

  @AfterEach
  void serviceCameThrough() throws Exception {
    corpus.assertStillServes();
    corpus.assertNoStrayKeys();
  }
}
