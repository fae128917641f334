package dev.jobsservice.api;

import java.net.http.HttpClient;

/**
 * The bad-body corpus again over HTTP/2 cleartext (h2c), which the JDK client asks for by default
 * and Vert.x accepts: the same answers must come back through the other protocol stack.
 */
class BadBodyCorpusH2cTest extends BadBodyCorpusTest {
  @Override
  HttpClient.Version version() {
    return HttpClient.Version.HTTP_2;
  }
}
