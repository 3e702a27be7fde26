package social.kith.activitypub.fetch;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on 127.0.0.1 that records every request it receives. Tests only ever connect
 * to it (never to outside addresses). {@link #release} frees handlers that hold a connection open.
 */
public final class RecordingServer implements AutoCloseable {
  /** One request as received: path with query, and headers with lower-case names. */
  public record Received(String method, String pathAndQuery, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  /** Counted down at close: slow handlers wait on it so that nothing outlives the test. */
  public final CountDownLatch release = new CountDownLatch(1);

  public RecordingServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:port} + path. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** The origin as {@code http://127.0.0.1:port}. */
  public String base() {
    return "http://127.0.0.1:" + port();
  }

  public RecordingServer route(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      Map<String, String> headers = new TreeMap<>();
      for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
        headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), String.join(",", e.getValue()));
      }
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers));
      try {
        handler.handle(exchange);
      } finally {
        exchange.close();
      }
    });
    return this;
  }

  /** Serves {@code body} with {@code contentType} at {@code path}. */
  public RecordingServer serve(String path, String contentType, String body) {
    return route(path, ex -> respond(ex, 200, contentType, body));
  }

  /** Answers {@code status} with a Location header. */
  public RecordingServer redirect(String path, int status, String location) {
    return route(path, ex -> {
      ex.getResponseHeaders().set("Location", location);
      ex.sendResponseHeaders(status, -1);
    });
  }

  public static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Headers h = ex.getResponseHeaders();
    if (contentType != null) {
      h.set("Content-Type", contentType);
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public long hits(String path) {
    return received.stream().filter(r -> r.pathAndQuery().equals(path)).count();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
