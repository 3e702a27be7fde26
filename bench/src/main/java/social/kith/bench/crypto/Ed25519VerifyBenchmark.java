package social.kith.bench.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Ed25519Signed;

/**
 * Ed25519 verification (libsodium verdicts, {@code NaclEd25519}) beside Bouncy Castle's own RFC 8032
 * verifier in the same run. The message is 32 bytes, as in {@code bench/anchors/sodium-bench.mjs}
 * (libsodium's {@code crypto_sign_verify_detached}), so the three numbers compare directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519VerifyBenchmark {
  private static final int BATCH = 256;

  private byte[] message;
  private byte[] publicBytes;
  private byte[] signature;
  /** Key object reused across calls: its decoded point and table are cached. */
  private Ed25519PublicKey publicKey;
  private List<Ed25519Signed> batch;
  private ExecutorService twoThreads;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 1);
    Ed25519PrivateKey key = Ed25519.fromSeed(seed);
    message = new byte[32];
    Arrays.fill(message, (byte) 7);
    signature = key.sign(message);
    publicKey = key.publicKey();
    publicBytes = publicKey.bytes();
    List<Ed25519Signed> items = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      byte[] m = message.clone();
      m[0] = (byte) i;
      items.add(Ed25519Signed.of(publicKey, m, key.sign(m)));
    }
    batch = List.copyOf(items);
    twoThreads = Executors.newFixedThreadPool(2);
    if (!publicKey.verify(message, signature) || !bcVerify()) {
      throw new IllegalStateException("benchmark signature does not verify");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    twoThreads.shutdownNow();
  }

  /** Kith, cached key object (the SSB feed case). */
  @Benchmark
  public boolean kithVerifyCachedKey() {
    return publicKey.verify(message, signature);
  }

  /** Kith, key bytes decoded on every call ({@code Ed25519.verify(byte[], ...)}). */
  @Benchmark
  public boolean kithVerifyKeyBytes() {
    return Ed25519.verify(publicBytes, message, signature);
  }

  /** Bouncy Castle's RFC 8032 verifier (not libsodium's verdicts on torsion edge cases). */
  @Benchmark
  public boolean bcVerify() {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicBytes, 0, message, 0,
        message.length);
  }

  /** {@code Ed25519.verifyAll} on a two-thread pool; score is per signature. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public boolean[] kithVerifyAllTwoThreads() {
    return Ed25519.verifyAll(batch, twoThreads);
  }
}
