package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.media.MediaSamples;
import social.kith.activitypub.media.MediaStore;
import social.kith.activitypub.media.StoredMedia;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;

/** The embedded adapter on a real loopback socket: routing, body cap, read deadlines, streamed media. */
final class ApServerTest {
  static final String PEM = Pem.writeSpki(RsaKeys.generate(2048).verifyingKey());
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  ApServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @TempDir
  java.nio.file.Path dir;

  /** Starts a server whose handler is an {@link ActorServer} under the server's own address. */
  ApServer start(ApServer.Builder b) throws IOException {
    return start(b, null);
  }

  ApServer start(ApServer.Builder b, MediaStore media) throws IOException {
    AtomicReference<ApHandler> handler = new AtomicReference<>();
    server = b.handler(r -> handler.get().handle(r)).bind("127.0.0.1", 0).build().start();
    ActorServer.Builder router = ActorServer.builder().base(server.uri())
        .actors(LocalActors.inMemory().put(LocalActor.person("alice", "Alice", PEM)))
        .followers(new InMemoryFollowerStore()).objects(new InMemoryObjectStore())
        .inbox((req, local) -> ApResponse.text(202, "got " + req.bodyLength()));
    if (media != null) {
      router.media(media);
    }
    handler.set(router.build());
    return server;
  }

  @Test
  void streamsMediaWithTheirLengthAndHeadSendsNoBody() throws Exception {
    MediaStore media = MediaStore.open(dir.resolve("media"));
    byte[] big = java.util.Arrays.copyOf(MediaSamples.png("big"), 3 * 1024 * 1024 + 7); // more than one buffer
    big[big.length - 1] = 42;
    StoredMedia m = media.put(big, "image/png");
    start(ApServer.builder(), media);
    URI url = URI.create(server.uri() + "/media/" + m.id());
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertTrue(java.util.Arrays.equals(big, r.body()));
    assertEquals(java.util.Optional.of(Long.toString(big.length)), r.headers().firstValue("Content-Length"));
    assertEquals(java.util.Optional.of("image/png"), r.headers().firstValue("Content-Type"));
    assertEquals(java.util.Optional.of("nosniff"), r.headers().firstValue("X-Content-Type-Options"));
    assertEquals(1, r.headers().allValues("Content-Length").size());

    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals(0, head.body().length);
    assertEquals(java.util.Optional.of(Long.toString(big.length)), head.headers().firstValue("Content-Length"));

    HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=-3")
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, part.statusCode());
    assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(big, big.length - 3, big.length), part.body()));
    assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/media/%2e%2e/users/alice"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheHandlerOverHttp() throws Exception {
    start(ApServer.builder());
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.uri() + "/users/alice"))
        .header("Accept", "application/activity+json").timeout(Duration.ofSeconds(10)).build());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/activity+json"));
    assertTrue(r.body().contains("\"preferredUsername\":\"alice\""));
    HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(server.uri() + "/inbox"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(10)).build());
    assertEquals(202, post.statusCode());
    assertEquals("got 2", post.body());
  }

  @Test
  void anOversizedBodyIs413() throws Exception {
    start(ApServer.builder().maxBodyBytes(1000));
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.uri() + "/inbox"))
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))).timeout(Duration.ofSeconds(10)).build());
    assertEquals(413, r.statusCode());
  }

  @Test
  void slowHeadersAndSlowBodiesLoseTheirConnectionWhileOthersAreServed() throws Exception {
    start(ApServer.builder().workers(2).readDeadline(Duration.ofMillis(300)));
    try (Socket slowHeaders = new Socket("127.0.0.1", server.port());
        Socket slowBody = new Socket("127.0.0.1", server.port())) {
      write(slowHeaders, "GET /users/alice HTTP/1.1\r\nHost: 127.0.0.1\r\nAcc");
      write(slowBody, "POST /inbox HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
          + "\r\nContent-Length: 100\r\n\r\n0123456789");
      // Both workers are now held by trickling clients; a normal request still gets through once
      // the deadline frees them.
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.uri() + "/users/alice"))
          .header("Accept", "application/activity+json").timeout(Duration.ofSeconds(20)).build());
      assertEquals(200, r.statusCode());
      assertClosed(slowHeaders);
      assertClosed(slowBody);
    }
    assertTrue(server.deadlineTimeouts() >= 2, "timeouts: " + server.deadlineTimeouts());
  }

  @Test
  void theBuilderFailsFast() {
    assertThrows(IllegalStateException.class, () -> ApServer.builder().build());
    assertThrows(IllegalArgumentException.class, () -> ApServer.builder().scheme("ftp"));
    assertThrows(IllegalArgumentException.class, () -> ApServer.builder().readDeadline(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ApServer.builder().bind("127.0.0.1", 70000));
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(US_ASCII));
    out.flush();
  }

  /** The server closed the connection: a read ends (EOF or reset) well before the socket timeout. */
  private static void assertClosed(Socket s) throws IOException {
    s.setSoTimeout(15_000);
    InputStream in = s.getInputStream();
    try {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        // a response may precede the close (e.g. a 400); keep reading until the end
        assertTrue(n > 0);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a trickling connection open", e);
    } catch (IOException reset) {
      // a reset is a close too
    }
  }
}
