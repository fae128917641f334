package dev.jobsservice.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests for idempotency: of a client's key (so any text a client chose makes a safe,
 * fixed-length Redis key), and of a request (so a key reused for another request is caught).
 */
final class Fingerprint {
  private Fingerprint() {
  }

  static String of(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String of(JobRequest request, JobOptions options) {
    return of(request.type() + "\n" + JobHash.bound(request.start()) + "\n" + JobHash.bound(request.end()) + "\n"
        + JobHash.params(request.params()) + "\n" + options.maxAttempts() + "\n" + options.timeoutMs());
  }
}
