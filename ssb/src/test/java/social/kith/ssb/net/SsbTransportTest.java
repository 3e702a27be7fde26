package social.kith.ssb.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.kith.core.KithException;
import social.kith.crypto.Auth;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.boxstream.BoxStreamDecoder;
import social.kith.ssb.boxstream.BoxStreamEncoder;
import social.kith.ssb.boxstream.BoxStreamError;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.StreamReader;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.shs.HandshakeError;
import social.kith.ssb.shs.HandshakeException;
import social.kith.ssb.shs.NetworkKey;
import social.kith.ssb.shs.SessionKeys;
import social.kith.ssb.shs.ShsClient;
import social.kith.ssb.shs.ShsServer;

/** Kith to Kith and Kith to misbehaving raw peers over loopback TCP (checklist items 56 and 57, socket parts). */
class SsbTransportTest {
  static final NetTimeouts SHORT = NetTimeouts.DEFAULT.withHandshake(Duration.ofMillis(400))
      .withConnect(Duration.ofSeconds(2)).withIdle(Duration.ofSeconds(20));
  private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

  static SsbKeyPair keys() {
    Ed25519PrivateKey k = Ed25519.generate();
    return SsbKeyPair.of(k.seed(), k.publicKey().bytes());
  }

  static Ed25519PrivateKey signing(SsbKeyPair k) {
    return Ed25519.fromSodiumSecretKey(k.secretKey());
  }

  SsbTransport transport(SsbKeyPair keys) {
    return track(SsbTransport.builder(keys).timeouts(SHORT).build());
  }

  <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  static void pollUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 10 s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  @Test
  void kithTalksToKithAndClosesCleanly() throws Exception {
    SsbKeyPair serverKeys = keys();
    Registry registry = new Registry()
        .register("whoami", Type.ASYNC, c -> c.respond(Body.string(c.session().peer().orElseThrow().toString())))
        .register("count", Type.SOURCE, c -> {
          for (int i = 0; i < 2000; i++) {
            c.out().send(Body.binary(new byte[3000])); // > 4096-byte box-stream frames when packed
          }
          c.out().end();
        });
    SsbTransport server = track(SsbTransport.builder(serverKeys).registry(registry).timeouts(SHORT).build());
    LinkedBlockingQueue<SsbConnection> accepted = new LinkedBlockingQueue<>();
    SsbListener listener = server.listen("127.0.0.1", 0, accepted::add);
    SsbKeyPair clientKeys = keys();
    SsbTransport client = transport(clientKeys);

    SsbConnection c = client.connect(listener.multiserverAddress());
    assertEquals(serverKeys.id(), c.peer());
    SsbConnection s = accepted.poll(10, TimeUnit.SECONDS);
    assertEquals(clientKeys.id(), s.peer());
    assertEquals(clientKeys.id().toString(), c.rpc().async("whoami").get(10, TimeUnit.SECONDS).text());
    assertTrue(c.rpc().sync("manifest").get(10, TimeUnit.SECONDS).text().contains("\"count\":\"source\""));
    StreamReader r = c.rpc().source("count");
    int n = 0;
    while (r.next(Duration.ofSeconds(10)).isPresent()) {
      n++;
    }
    assertEquals(2000, n);

    c.close();
    assertTrue(s.awaitClosed(Duration.ofSeconds(10)));
    assertEquals(Optional.empty(), s.closeReason(), "the server saw the goodbye: a clean end");
    assertEquals(Optional.empty(), c.closeReason());
    pollUntil(() -> client.openSockets() == 0 && server.openSockets() == 0, "sockets released");
  }

  @Test
  void aWrongNetworkClientGetsNotASingleByte() throws Exception {
    SsbTransport server = transport(keys());
    SsbListener listener = server.listen("127.0.0.1", 0, c -> { throw new AssertionError("no connection"); });
    NetworkKey other = NetworkKey.of(Auth.auth(new byte[] {9}, new byte[32]));
    try (Socket raw = new Socket("127.0.0.1", listener.port())) {
      ShsClient hs = ShsClient.create(other, Ed25519.generate(), server.id());
      raw.getOutputStream().write(hs.start());
      raw.setSoTimeout(5000);
      assertEquals(-1, raw.getInputStream().read(), "the server closes without answering");
    }
    pollUntil(() -> server.openSockets() == 0, "server socket released");

    SsbTransport client = track(SsbTransport.builder(keys()).networkKey(other).timeouts(SHORT).build());
    NetException e = assertThrows(NetException.class, () -> client.connect(listener.multiserverAddress()));
    assertEquals(NetError.HANDSHAKE_CLOSED, e.error());
    assertEquals(0, client.openSockets());
  }

  @Test
  void anUnexpectedServerKeyFailsTheHandshake() throws Exception {
    SsbTransport server = transport(keys());
    SsbListener listener = server.listen("127.0.0.1", 0, c -> { throw new AssertionError("no connection"); });
    SsbTransport client = transport(keys());
    FeedId someoneElse = keys().id();
    NetException e = assertThrows(NetException.class,
        () -> client.connect(new InetSocketAddress("127.0.0.1", listener.port()), someoneElse));
    assertEquals(NetError.HANDSHAKE_CLOSED, e.error(), "the server cannot open message 3 and hangs up");
    assertEquals(0, client.openSockets());
    pollUntil(() -> server.openSockets() == 0, "server socket released");
  }

  @Test
  void anUnauthorizedClientIsHungUpOn() throws Exception {
    SsbKeyPair banned = keys();
    SsbTransport server = track(SsbTransport.builder(keys()).timeouts(SHORT)
        .authorizer(id -> !id.equals(banned.id())).build());
    SsbListener listener = server.listen("127.0.0.1", 0, c -> { });
    SsbTransport client = transport(banned);
    assertEquals(NetError.HANDSHAKE_CLOSED,
        assertThrows(NetException.class, () -> client.connect(listener.multiserverAddress())).error());
    assertTrue(server.connections().isEmpty());
  }

  @Test
  void aServerThatStallsAfterMessage1HitsTheHandshakeTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> readByServer = CompletableFuture.supplyAsync(() -> {
        try (Socket s = silent.accept()) {
          int got = s.getInputStream().readNBytes(64).length;
          s.getInputStream().read(); // stall: never send message 2, hold the socket until the client hangs up
          return got;
        } catch (IOException e) {
          return -1;
        }
      });
      SsbTransport client = transport(keys());
      long start = System.nanoTime();
      NetException e = assertThrows(NetException.class,
          () -> client.connect(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), keys().id()));
      assertEquals(NetError.HANDSHAKE_TIMEOUT, e.error());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "bounded by the handshake timeout");
      assertEquals(64, readByServer.get(10, TimeUnit.SECONDS), "message 1 was sent");
      assertEquals(0, client.openSockets());
    }
  }

  @Test
  void aServerThatStallsAfterMessage3HitsTheHandshakeTimeout() throws Exception {
    SsbKeyPair serverKeys = keys();
    try (ServerSocket half = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> msg3 = CompletableFuture.supplyAsync(() -> {
        try (Socket s = half.accept()) {
          ShsServer hs = ShsServer.create(NetworkKey.mainNet(), signing(serverKeys));
          hs.start();
          s.getOutputStream().write(hs.receive(s.getInputStream().readNBytes(64)));
          int got = s.getInputStream().readNBytes(112).length;
          s.getInputStream().read(); // stall: never send message 4
          return got;
        } catch (IOException e) {
          return -1;
        }
      });
      SsbTransport client = transport(keys());
      NetException e = assertThrows(NetException.class,
          () -> client.connect(new InetSocketAddress("127.0.0.1", half.getLocalPort()), serverKeys.id()));
      assertEquals(NetError.HANDSHAKE_TIMEOUT, e.error());
      assertEquals(112, msg3.get(10, TimeUnit.SECONDS));
      assertEquals(0, client.openSockets());
    }
  }

  @Test
  void aClientThatStallsIsDroppedByTheServer() throws Exception {
    SsbTransport server = transport(keys());
    SsbListener listener = server.listen("127.0.0.1", 0, c -> { throw new AssertionError("no connection"); });
    // stalls after message 1 (having got message 2) and one that stalls before sending anything
    try (Socket afterHello = new Socket("127.0.0.1", listener.port());
         Socket silent = new Socket("127.0.0.1", listener.port())) {
      ShsClient hs = ShsClient.create(NetworkKey.mainNet(), Ed25519.generate(), server.id());
      afterHello.getOutputStream().write(hs.start());
      afterHello.setSoTimeout(10_000);
      silent.setSoTimeout(10_000);
      InputStream in = afterHello.getInputStream();
      assertEquals(64, in.readNBytes(64).length, "message 2");
      assertEquals(-1, in.read(), "then the server hangs up after its timeout");
      assertEquals(-1, silent.getInputStream().read());
    }
    pollUntil(() -> server.openSockets() == 0, "no leaked server sockets");
  }

  /** A peer driven by hand: real handshake, then raw box-stream bytes. */
  static final class RawPeer implements AutoCloseable {
    final Socket socket;
    final BoxStreamEncoder out;
    final BoxStreamDecoder in;

    RawPeer(int port, FeedId server) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      ShsClient hs = ShsClient.create(NetworkKey.mainNet(), Ed25519.generate(), server);
      socket.getOutputStream().write(hs.start());
      socket.getOutputStream().write(hs.receive(socket.getInputStream().readNBytes(64)));
      hs.receive(socket.getInputStream().readNBytes(80));
      SessionKeys k = hs.sessionKeys();
      out = BoxStreamEncoder.of(k);
      in = BoxStreamDecoder.of(k);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void aCutWithoutGoodbyeIsAnErrorNotACleanEnd() throws Exception {
    SsbTransport server = transport(keys());
    LinkedBlockingQueue<SsbConnection> accepted = new LinkedBlockingQueue<>();
    SsbListener listener = server.listen("127.0.0.1", 0, accepted::add);
    try (RawPeer p = new RawPeer(listener.port(), server.id())) {
      SsbConnection s = accepted.poll(10, TimeUnit.SECONDS);
      p.socket.getOutputStream().write(p.out.encrypt(new byte[] {0x02, 0, 0}));  // half a muxrpc header
      p.socket.shutdownOutput();  // FIN, no goodbye
      assertTrue(s.awaitClosed(Duration.ofSeconds(10)));
      KithException reason = s.closeReason().orElseThrow();
      assertEquals(BoxStreamError.MISSING_GOODBYE, reason.code());
    }
    pollUntil(() -> server.openSockets() == 0, "released");
  }

  @Test
  void aCleanCloseSendsTheGoodbyeAndBytesAfterItAreRefused() throws Exception {
    SsbTransport server = transport(keys());
    LinkedBlockingQueue<SsbConnection> accepted = new LinkedBlockingQueue<>();
    SsbListener listener = server.listen("127.0.0.1", 0, accepted::add);
    try (RawPeer p = new RawPeer(listener.port(), server.id())) {
      SsbConnection s = accepted.poll(10, TimeUnit.SECONDS);
      s.close();
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      byte[] all = p.socket.getInputStream().readAllBytes();
      p.in.feed(all, plain::writeBytes);
      p.in.finish();
      assertTrue(p.in.isEnded(), "box-stream goodbye received");
      assertEquals(9, plain.size(), "the muxrpc end-of-session header came first");
      assertEquals(0, java.util.Arrays.stream(toInts(plain.toByteArray())).sum());
    }

    LinkedBlockingQueue<SsbConnection> accepted2 = new LinkedBlockingQueue<>();
    SsbListener listener2 = server.listen("127.0.0.1", 0, accepted2::add);
    try (RawPeer p = new RawPeer(listener2.port(), server.id())) {
      SsbConnection s = accepted2.poll(10, TimeUnit.SECONDS);
      byte[] bye = p.out.goodbye();
      byte[] after = new byte[bye.length + 5];
      System.arraycopy(bye, 0, after, 0, bye.length);
      p.socket.getOutputStream().write(after);
      assertTrue(s.awaitClosed(Duration.ofSeconds(10)));
      assertTrue(s.closeReason().isEmpty() || s.closeReason().get().code() == BoxStreamError.DATA_AFTER_GOODBYE,
          "closed at the goodbye; trailing bytes never reach muxrpc");
    }
  }

  private static int[] toInts(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xff;
    }
    return out;
  }

  @Test
  void anIdlePeerIsDropped() throws Exception {
    SsbTransport server = track(SsbTransport.builder(keys())
        .timeouts(SHORT.withIdle(Duration.ofMillis(300))).build());
    LinkedBlockingQueue<SsbConnection> accepted = new LinkedBlockingQueue<>();
    SsbListener listener = server.listen("127.0.0.1", 0, accepted::add);
    try (RawPeer p = new RawPeer(listener.port(), server.id())) {
      SsbConnection s = accepted.poll(10, TimeUnit.SECONDS);
      assertTrue(s.awaitClosed(Duration.ofSeconds(10)));
      assertEquals(NetError.IDLE_TIMEOUT, s.closeReason().orElseThrow().code());
    }
  }

  @Test
  void badAddressesAndRefusedConnections() throws Exception {
    SsbTransport client = transport(keys());
    String key = keys().id().toString().substring(1, 45);
    assertEquals(NetError.UNSUPPORTED_ADDRESS,
        assertThrows(NetException.class, () -> client.connect("ws://example.com:80~shs:" + key)).error());
    assertEquals(NetError.UNSUPPORTED_ADDRESS,
        assertThrows(NetException.class, () -> client.connect("net:127.0.0.1:8008")).error());
    assertEquals(NetError.UNSUPPORTED_ADDRESS,
        assertThrows(NetException.class, () -> client.connect("not an address")).error());
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertEquals(NetError.CONNECT_FAILED,
        assertThrows(NetException.class, () -> client.connect("net:127.0.0.1:" + closedPort + "~shs:" + key)).error());
    assertEquals(0, client.openSockets());
  }

  @Test
  void aBadMessage2FromAServerIsAHandshakeError() throws Exception {
    try (ServerSocket liar = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(() -> {
        try (Socket s = liar.accept()) {
          s.getInputStream().readNBytes(64);
          s.getOutputStream().write(new byte[64]);
          s.getInputStream().read();
        } catch (IOException e) {
          // client hung up
        }
      });
      SsbTransport client = transport(keys());
      HandshakeException e = assertThrows(HandshakeException.class,
          () -> client.connect(new InetSocketAddress("127.0.0.1", liar.getLocalPort()), keys().id()));
      assertEquals(HandshakeError.BAD_SERVER_HELLO, e.error());
      assertEquals(0, client.openSockets());
    }
  }

  @Test
  void theServerCanCallTheClientBack() throws Exception {
    Registry clientSide = new Registry().register("ping", Type.ASYNC, c -> c.respond(Body.json(new JsonNumber(42))));
    SsbTransport server = transport(keys());
    CompletableFuture<String> answer = new CompletableFuture<>();
    SsbListener listener = server.listen("127.0.0.1", 0, conn -> conn.rpc().async("ping")
        .thenAccept(b -> answer.complete(b.text())));
    SsbTransport client = track(SsbTransport.builder(keys()).registry(clientSide).timeouts(SHORT).build());
    SsbConnection c = client.connect(listener.multiserverAddress());
    assertEquals("42", answer.get(10, TimeUnit.SECONDS));
    c.close();
    assertFalse(c.rpc().isClosed() && !c.isClosed());
  }
}
