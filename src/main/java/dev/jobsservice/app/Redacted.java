package dev.jobsservice.app;

/** Redis URLs as they may appear in logs and errors: the password replaced by {@code ***}. */
final class Redacted {
  private Redacted() {
  }

  static String url(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? "" : userInfo.substring(0, colon);
    // redis://secret@host is a password alone, as is redis://:secret@host.
    return url.substring(0, scheme + 3) + user + ":***" + url.substring(at);
  }
}
