package social.kith.bench.ssb;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.SecretBox;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.boxstream.BoxStreamEncoder;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.net.SsbConnection;
import social.kith.ssb.net.SsbListener;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.shs.NetworkKey;
import social.kith.ssb.shs.ShsClient;
import social.kith.ssb.shs.ShsServer;

/**
 * The SSB transport hot paths, beside the JS anchor {@code bench/anchors/ssb-transport-bench.mjs}
 * (secret-handshake 1.1.21 and pull-box-stream 1.0.13, as ssb-server uses them). Throughput in
 * operations per second; the 4 KiB benchmarks convert to MB/s as ops x 4096 / 10^6.
 *
 * <pre>java -jar bench/target/benchmarks.jar TransportBenchmark -f 1 -wi 2 -i 3</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransportBenchmark {

  static SsbKeyPair keys() {
    Ed25519PrivateKey k = Ed25519.generate();
    return SsbKeyPair.of(k.seed(), k.publicKey().bytes());
  }

  /** A Kith listener on loopback and a Kith client. */
  @State(Scope.Benchmark)
  public static class Loopback {
    SsbTransport server;
    SsbTransport client;
    SsbListener listener;
    String address;
    SsbConnection connection;

    @Setup(Level.Trial)
    public void setUp() {
      Registry registry = new Registry()
          .register("ping", Type.ASYNC, c -> c.respond(Body.json(new JsonNumber(1))));
      server = SsbTransport.builder(keys()).registry(registry).build();
      client = SsbTransport.builder(keys()).build();
      listener = server.listen("127.0.0.1", 0, c -> { });
      address = listener.multiserverAddress();
      connection = client.connect(address);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      connection.close();
      client.close();
      server.close();
    }
  }

  /** Connect, handshake, close: handshakes per second over loopback TCP (a returning peer). */
  @Benchmark
  public boolean shsHandshakeLoopback(Loopback l) {
    SsbConnection c = l.client.connect(l.address);
    c.close();
    return c.awaitClosed(Duration.ofSeconds(5));
  }

  /** One muxrpc async request and its response over a loopback connection (box-stream both ways). */
  @Benchmark
  public Body muxrpcAsyncRoundTripLoopback(Loopback l) throws Exception {
    return l.connection.rpc().async("ping").get(5, TimeUnit.SECONDS);
  }

  /** Key material for the I/O-free benchmarks. */
  @State(Scope.Thread)
  public static class Keys {
    final NetworkKey network = NetworkKey.mainNet();
    final Ed25519PrivateKey client = Ed25519.generate();
    final Ed25519PrivateKey server = Ed25519.generate();
    final byte[] key = SecretBox.generateKey();
    final byte[] nonce = SecretBox.randomNonce();
    final byte[] plain4k = new byte[4096];
    BoxStreamEncoder encoder;

    @Setup(Level.Iteration)
    public void freshEncoder() {
      encoder = BoxStreamEncoder.of(key, SecretBox.randomNonce());
    }
  }

  /** Both sides of a handshake in memory (a returning peer): the protocol's CPU cost without sockets. */
  @Benchmark
  public byte[] shsHandshakeInMemory(Keys k) {
    ShsClient c = ShsClient.create(k.network, k.client, social.kith.ssb.FeedId.of(k.server.publicKey().bytes()));
    ShsServer s = ShsServer.create(k.network, k.server);
    s.start();
    byte[] msg3 = c.receive(s.receive(c.start()));
    c.receive(s.receive(msg3));
    return c.sessionKeys().encryptionKey();
  }

  /** Clients the server has never seen: more distinct keys than the server's peer-key cache holds. */
  @State(Scope.Thread)
  public static class NewPeers {
    final NetworkKey network = NetworkKey.mainNet();
    final Ed25519PrivateKey server = Ed25519.generate();
    final Ed25519PrivateKey[] clients = new Ed25519PrivateKey[4096];
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      for (int i = 0; i < clients.length; i++) {
        clients[i] = Ed25519.generate();
      }
    }
  }

  /** Both sides of a handshake in memory, each time with a client key the server has not cached. */
  @Benchmark
  public byte[] shsHandshakeInMemoryNewPeer(NewPeers p) {
    Ed25519PrivateKey client = p.clients[p.next++ & (p.clients.length - 1)];
    ShsClient c = ShsClient.create(p.network, client, social.kith.ssb.FeedId.of(p.server.publicKey().bytes()));
    ShsServer s = ShsServer.create(p.network, p.server);
    s.start();
    byte[] msg3 = c.receive(s.receive(c.start()));
    c.receive(s.receive(msg3));
    return c.sessionKeys().encryptionKey();
  }

  /** One 4096-byte box-stream frame (header + body): MB/s = ops x 4096 / 10^6. */
  @Benchmark
  public byte[] boxStreamEncrypt4k(Keys k) {
    return k.encoder.encrypt(k.plain4k);
  }

  /** Raw XSalsa20-Poly1305 secretbox of 4096 bytes, the comparison point for box-stream. */
  @Benchmark
  public byte[] secretboxSeal4k(Keys k) {
    return SecretBox.seal(k.plain4k, k.nonce, k.key);
  }
}
