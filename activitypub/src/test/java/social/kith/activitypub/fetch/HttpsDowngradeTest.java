package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 43: an https to http redirect is refused. The https server runs on 127.0.0.1 with a
 * throw-away certificate made by the JDK's keytool; the caller's OkHttpClient trusts it, which also
 * shows that a caller's TLS settings survive while the guard is added.
 */
final class HttpsDowngradeTest {
  @TempDir Path dir;

  @Test
  void refusesAnHttpsToHttpRedirectAndFollowsHttpsOnes() throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit").redirectErrorStream(true).start();
    keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new AssertionError("keytool failed");
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext serverCtx = SSLContext.getInstance("TLS");
    serverCtx.init(kmf.getKeyManagers(), null, null);
    SSLContext clientCtx = SSLContext.getInstance("TLS");
    clientCtx.init(null, tmf.getTrustManagers(), null);

    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    https.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
    try (RecordingServer plain = new RecordingServer()) {
      String base = "https://127.0.0.1:" + https.getAddress().getPort();
      https.createContext("/down", ex -> {
        ex.getResponseHeaders().set("Location", plain.base() + "/n");
        ex.sendResponseHeaders(302, -1);
        ex.close();
      });
      https.createContext("/same", ex -> {
        ex.getResponseHeaders().set("Location", "/n");
        ex.sendResponseHeaders(301, -1);
        ex.close();
      });
      https.createContext("/n", ex -> RecordingServer.respond(ex, 200, "application/activity+json",
          "{\"id\":\"" + base + "/n\",\"type\":\"Note\"}"));
      https.start();
      plain.serve("/n", "application/activity+json", "{\"id\":\"" + plain.base() + "/n\"}");

      OkHttpClient callers = new OkHttpClient.Builder()
          .sslSocketFactory(clientCtx.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0]).build();
      RemoteFetcher f = RemoteFetcher.builder().client(callers)
          .policy(RemoteFetcherTest.testPolicy().build()).build();

      assertEquals(URI.create(base + "/n"), f.fetchActivity(URI.create(base + "/same")).finalUri());
      FetchException e = assertThrows(FetchException.class, () -> f.fetchActivity(URI.create(base + "/down")));
      assertEquals(FetchError.DOWNGRADE, e.error());
      assertEquals(0, plain.received().size(), "the http target was never contacted");
    } finally {
      https.stop(0);
    }
  }
}
