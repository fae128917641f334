package dev.jobsservice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes on a socket, for requests the JDK HttpClient refuses to send (a lone '%' or braces in the
 * path, control characters in a header, a broken Content-Length, CONNECT, another HTTP version).
 * Reads one response: its head, then the body by Content-Length, chunks, or until the close.
 * The request is sent whole and the socket is not half-closed: Vert.x reads a half-close as "the
 * client went away" and rightly answers nothing.
 */
public final class RawHttp {
  private static final int TIMEOUT_MS = 15_000;

  private RawHttp() {
  }

  /**
   * One response. {@code status} is -1 when the server closed the connection without answering,
   * 0 when it answered in another protocol than HTTP/1; header names are lower case.
   */
  public record Reply(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status == -1 ? "(closed without a reply)" : status == 0 ? "(not HTTP/1)" : statusLine + " " + text();
    }
  }

  /** {@code head} is the request line and headers, each ending CRLF, without the blank line. */
  public static Reply send(int port, String head, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);
    return send(port, request.toByteArray());
  }

  /** Sends {@code request} exactly as given. */
  public static Reply send(int port, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_MS + " ms to: " + preview(request), e);
    } catch (IOException e) {
      // A reset after the server closed: the same as no reply for our purposes.
      return new Reply(-1, "", Map.of(), new byte[0]);
    }
  }

  private static Reply read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      return new Reply(-1, "", Map.of(), new byte[0]);
    }
    if (!statusLine.matches("HTTP/\\d\\.\\d \\d{3}.*")) {
      // Not an HTTP/1 answer (HTTP/2 frames, say): status 0, and what came.
      return new Reply(0, statusLine, Map.of(), in.readAllBytes());
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(h.substring(colon + 1).trim());
      }
    }
    String[] parts = statusLine.split(" ", 3);
    int status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    List<String> length = headers.get("content-length");
    List<String> te = headers.get("transfer-encoding");
    byte[] body;
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length.get(0)));
    } else if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
        out.writeBytes(in.readNBytes(size));
        line(in);
      }
      body = out.toByteArray();
    } else if (status == 204 || status == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
    }
    return new Reply(status, statusLine, headers, body);
  }

  /** One CRLF-terminated line (ISO-8859-1), or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      out.write(b);
    }
    return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
  }

  private static String preview(byte[] request) {
    String s = new String(request, 0, Math.min(request.length, 120), StandardCharsets.ISO_8859_1);
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
