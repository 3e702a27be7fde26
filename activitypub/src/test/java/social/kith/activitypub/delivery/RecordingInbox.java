package social.kith.activitypub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;

/**
 * A test inbox on 127.0.0.1 (JDK HTTP server) that records every POST and answers as a script
 * says: any status with headers, a hang past the client's read timeout, or a dropped connection
 * after the body was read. It de-duplicates by activity id, as a real receiver must.
 */
final class RecordingInbox implements AutoCloseable {
  /** One POST as received. */
  record Post(String path, Map<String, List<String>> headers, byte[] body, String activityId, int index) {
    /** The request as the signature verifier sees it. */
    HttpMessage.Request asRequest(int port) {
      return HttpMessage.Request.of("POST", URI.create("http://127.0.0.1:" + port + path), Headers.of(headers), body);
    }

    boolean hasHeader(String name) {
      return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }
  }

  /** What to do with one POST. */
  sealed interface Answer permits Status, Hang, Drop {}

  record Status(int code, Map<String, String> headers) implements Answer {}

  /** Never answer (until the inbox closes): the client times out. */
  record Hang() implements Answer {}

  /** Read the body, then close the connection without a response. */
  record Drop() implements Answer {}

  static Answer status(int code, String... headers) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return new Status(code, h);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Function<Post, Answer> script = p -> status(202);
  private volatile int holdUntilInFlight;

  RecordingInbox() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 100);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI inbox(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** Answers every POST with {@code script}'s choice. */
  RecordingInbox script(Function<Post, Answer> script) {
    this.script = script;
    return this;
  }

  /** Each handler waits (up to 5 s) until {@code n} requests are in flight at once, then answers. */
  RecordingInbox holdUntilInFlight(int n) {
    this.holdUntilInFlight = n;
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      Post post = new Post(ex.getRequestURI().getRawPath(), headers, body, activityId(body), posts.size());
      posts.add(post);
      awaitCrowd();
      Answer a = script.apply(post);
      if (a instanceof Hang) {
        release.await(10, TimeUnit.SECONDS);
        ex.close();
        return;
      }
      if (a instanceof Drop) {
        // Closing an exchange before sending headers closes the connection: the client gets no answer.
        ex.close();
        return;
      }
      Status s = (Status) a;
      if (s.code() >= 200 && s.code() < 300 && post.activityId() != null) {
        accepted.add(post.activityId());
      }
      s.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.sendResponseHeaders(s.code(), -1);
      ex.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void awaitCrowd() throws InterruptedException {
    int n = holdUntilInFlight;
    if (n <= 1) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inFlight.get() < n && System.nanoTime() < deadline) {
      if (release.await(5, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  private static String activityId(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode id = n == null ? null : n.get("id");
      return id != null && id.isTextual() ? id.textValue() : null;
    } catch (IOException e) {
      return null;
    }
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  /** Activity ids answered with 2xx at least once (a receiver's de-duplicated view). */
  Set<String> accepted() {
    return Set.copyOf(accepted);
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  List<String> activityIds() {
    List<String> out = new ArrayList<>();
    for (Post p : posts) {
      out.add(p.activityId());
    }
    return out;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
