package dev.jobsservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code rediss://}: jobs run over TLS to Redis, and a server the CA did not sign is refused. */
class RedisTlsTest {
  /** A self-signed certificate for localhost, made with openssl (as redis-server's TLS needs). */
  private static Path certificate(Path dir) throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-keyout", dir.resolve("tls.key").toString(), "-out", dir.resolve("tls.crt").toString(),
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl made a certificate");
    return dir.resolve("tls.crt");
  }

  @Test
  void jobsRunOverTlsAndAnUntrustedServerIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("redis-tls");
    Path cert = certificate(dir);
    int tlsPort = RedisProcess.freePort();
    try (RedisProcess redis = RedisProcess.start(false, "--tls-port", Integer.toString(tlsPort),
        "--tls-cert-file", cert.toString(), "--tls-key-file", dir.resolve("tls.key").toString(),
        "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no")) {
      String url = "rediss://localhost:" + tlsPort;
      Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", url, "REDIS_TLS_CA_FILE", cert.toString()));
      try (JobsService service = JobsService.start(TestService.config("tls", "all", 1, env))) {
        Http http = TestService.http(service);
        String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
        assertEquals("complete", Jobs.awaitTerminal(http, id).getString("status"));
      }
      // Without the CA, the JVM's trusted CAs do not know this server: start-up says so.
      env.remove("REDIS_TLS_CA_FILE");
      Exception refused = assertThrows(Exception.class,
          () -> JobsService.start(TestService.config("tls", "all", 1, env)).close());
      assertTrue(List.of(String.valueOf(refused.getMessage()), String.valueOf(refused.getCause())).toString()
          .toLowerCase().matches(".*(ssl|tls|certif|handshake|pkix).*"), refused.toString());
    }
  }
}
