package dev.jobsservice.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Does a Redis answer on 127.0.0.1:port? A raw PING, independent of the code under test. */
public final class Ping {
  private Ping() {
  }

  public static boolean answers(int port) {
    return reply(port).startsWith("+PONG");
  }

  /** A Redis that wants a password answers PING with -NOAUTH. */
  public static boolean asksForAuth(int port) {
    return reply(port).startsWith("-NOAUTH");
  }

  private static String reply(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[16];
      int n = s.getInputStream().read(buf);
      return n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
