package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.signature.Headers;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;

/**
 * The same {@link ActorServer} mounted on a different HTTP stack: a deliberately tiny HTTP/1.1
 * server on a raw socket, written the way a servlet or Netty adapter would be (convert the
 * request, call {@link ApHandler#handle}, write the response). Nothing in the handler changes.
 */
final class SecondAdapterTest {
  /** Serves {@code handler} for {@code requests} connections, one request per connection. */
  static Thread serve(ServerSocket socket, ApHandler handler, int requests) {
    Thread t = new Thread(() -> {
      for (int i = 0; i < requests; i++) {
        try (Socket s = socket.accept()) {
          s.setSoTimeout(10_000);
          InputStream in = new BufferedInputStream(s.getInputStream());
          String[] requestLine = line(in).split(" ", 3);
          Headers.Builder headers = Headers.builder();
          int length = 0;
          for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.add(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
              length = Integer.parseInt(h.substring(15).strip());
            }
          }
          Headers hs = headers.build();
          byte[] body = in.readNBytes(length);
          URI target = URI.create("http://" + hs.first("host").orElseThrow() + requestLine[1]);
          ApResponse r = handler.handle(ApRequest.of(requestLine[0], target, hs, body));
          OutputStream out = s.getOutputStream();
          StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status() + " X\r\n");
          for (String name : r.headers().names()) {
            r.headers().all(name).forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
          }
          byte[] b = r.body();
          head.append("Content-Length: ").append(b.length).append("\r\nConnection: close\r\n\r\n");
          out.write(head.toString().getBytes(ISO_8859_1));
          out.write(b);
          out.flush();
        } catch (IOException e) {
          return;
        }
      }
    }, "second-adapter");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("truncated request");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(ISO_8859_1);
  }

  @Test
  void theRouterRunsUnchangedOnAnotherStack() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      URI base = URI.create("http://127.0.0.1:" + socket.getLocalPort());
      ActorServer router = ActorServer.builder().base(base)
          .actors(LocalActors.inMemory().put(LocalActor.person("alice", "Alice",
              Pem.writeSpki(RsaKeys.generate(2048).verifyingKey()))))
          .followers(new InMemoryFollowerStore()).objects(new InMemoryObjectStore()).build();
      Thread t = serve(socket, router, 2);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> wf = http.send(HttpRequest.newBuilder(URI.create(base
          + "/.well-known/webfinger?resource=acct:alice@127.0.0.1:" + socket.getLocalPort()))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, wf.statusCode());
      assertTrue(wf.body().contains(base + "/users/alice"));
      HttpResponse<String> actor = http.send(HttpRequest.newBuilder(URI.create(base + "/users/alice"))
          .header("Accept", "application/activity+json").timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, actor.statusCode());
      assertTrue(actor.body().contains("\"inbox\":\"" + base + "/users/alice/inbox\""));
      t.join(10_000);
    }
  }
}
