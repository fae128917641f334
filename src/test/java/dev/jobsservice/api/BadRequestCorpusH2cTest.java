package dev.jobsservice.api;

import java.net.http.HttpClient;

/** The bad-request corpus again over HTTP/2 cleartext (h2c), the JDK client's default. */
class BadRequestCorpusH2cTest extends BadRequestCorpusTest {
  @Override
  HttpClient.Version version() {
    return HttpClient.Version.HTTP_2;
  }
}
