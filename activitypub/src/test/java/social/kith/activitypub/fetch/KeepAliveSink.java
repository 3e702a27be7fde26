package social.kith.activitypub.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A raw HTTP/1.1 sink on 127.0.0.1 whose connections misbehave the way real peers do with
 * keep-alive: each accepted connection (numbered from 0) follows the {@link Behaviour} the script
 * gives for its number. Answers are {@code 202} without {@code Connection: close}, so the client
 * pools the connection. It counts connections, request lines seen and complete POSTs read.
 */
public final class KeepAliveSink implements AutoCloseable {
  /** What one connection does. */
  public enum Behaviour {
    /** Answers every request and keeps the connection open until the client closes it. */
    ANSWER,
    /** Answers one request, then closes the idle connection silently (a FIN, no {@code Connection: close}). */
    ANSWER_THEN_CLOSE,
    /** Answers one request; on the next one reads only its request line and resets the connection. */
    ANSWER_THEN_RESET_MID_REQUEST,
    /** Answers one request; reads the next one whole and never answers it (a slow peer). */
    ANSWER_THEN_HANG,
    /** Reads one whole request and closes the connection without answering (an ambiguous outcome). */
    DROP
  }

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final IntFunction<Behaviour> script;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requestLines = new AtomicInteger();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  public KeepAliveSink(IntFunction<Behaviour> script) {
    this.script = script;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor.execute(this::acceptLoop);
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Request lines read so far, including requests cut off by a reset. */
  public int requestLines() {
    return requestLines.get();
  }

  /** The bodies of the complete POSTs read so far, in order. */
  public List<String> posts() {
    return List.copyOf(bodies);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      open.add(s);
      Behaviour b = script.apply(connections.getAndIncrement());
      executor.execute(() -> serve(s, b));
    }
  }

  private void serve(Socket s, Behaviour behaviour) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      do {
        if (!readRequest(in, true)) {
          return;
        }
        if (behaviour == Behaviour.DROP) {
          return;
        }
        out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } while (behaviour == Behaviour.ANSWER);
      if (behaviour == Behaviour.ANSWER_THEN_RESET_MID_REQUEST && readRequest(in, false)) {
        s.setSoLinger(true, 0);
      }
      if (behaviour == Behaviour.ANSWER_THEN_HANG && readRequest(in, true)) {
        while (in.read() != -1) {
          // Holds the request unanswered until the client gives up and closes.
        }
      }
    } catch (IOException e) {
      // The client went away: nothing more to record.
    }
  }

  /** Reads one request (or only its request line when {@code whole} is false); false at end of stream. */
  private boolean readRequest(InputStream in, boolean whole) throws IOException {
    String line = readLine(in);
    if (line == null) {
      return false;
    }
    requestLines.incrementAndGet();
    if (!whole) {
      return true;
    }
    int length = 0;
    String header;
    while ((header = readLine(in)) != null && !header.isEmpty()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring("content-length:".length()).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    if (header == null || body.length < length) {
      return false;
    }
    bodies.add(new String(body, StandardCharsets.UTF_8));
    return true;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(c);
    }
    return null;
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket s : open) {
        s.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      executor.shutdownNow();
    }
  }
}
