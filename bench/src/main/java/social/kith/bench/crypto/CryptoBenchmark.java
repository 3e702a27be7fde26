package social.kith.bench.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import social.kith.crypto.Auth;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Ed25519Signed;
import social.kith.crypto.Hashes;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;
import social.kith.crypto.RsaPublicKey;
import social.kith.crypto.SecretBox;

/**
 * The crypto hot paths, single-threaded, with the same inputs as the libsodium anchor
 * ({@code bench/anchors/sodium-bench.mjs}): a 32-byte message for signatures, 4 KiB for secretbox,
 * 1 KiB for SHA-256 and crypto_auth. {@code ed25519VerifyAll} verifies a batch of 256 distinct
 * signatures with {@link Ed25519#verifyAll} on every core and reports signatures per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CryptoBenchmark {
  static final int BATCH = 256;

  byte[] msg32;
  Ed25519PrivateKey edKey;
  Ed25519PublicKey edPub;
  byte[] edSig;
  List<Ed25519Signed> batch;
  ForkJoinPool pool;

  RsaPrivateKey rsaKey;
  RsaPublicKey rsaPub;
  byte[] rsaSig;

  byte[] key32;
  byte[] nonce24;
  byte[] plain4k;
  byte[] data1k;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    msg32 = new byte[32];
    random.nextBytes(msg32);
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    edKey = Ed25519.fromSeed(seed);
    edPub = edKey.publicKey();
    edSig = edKey.sign(msg32);
    batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      byte[] m = new byte[32];
      random.nextBytes(m);
      Ed25519PrivateKey k = i % 16 == 0 ? Ed25519.generate() : edKey;
      batch.add(Ed25519Signed.of(k.publicKey(), m, k.sign(m)));
    }
    pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    rsaKey = RsaKeys.generate(2048);
    rsaPub = rsaKey.verifyingKey();
    rsaSig = rsaKey.sign(msg32);

    key32 = new byte[32];
    random.nextBytes(key32);
    nonce24 = new byte[24];
    random.nextBytes(nonce24);
    plain4k = new byte[4096];
    random.nextBytes(plain4k);
    data1k = new byte[1024];
    random.nextBytes(data1k);
  }

  @Benchmark
  public byte[] ed25519Sign() {
    return edKey.sign(msg32);
  }

  @Benchmark
  public boolean ed25519Verify() {
    return edPub.verify(msg32, edSig);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public boolean[] ed25519VerifyAll() {
    return Ed25519.verifyAll(batch, pool);
  }

  @Benchmark
  public byte[] rsa2048Sign() {
    return rsaKey.sign(msg32);
  }

  @Benchmark
  public boolean rsa2048Verify() {
    return rsaPub.verify(msg32, rsaSig);
  }

  @Benchmark
  public byte[] secretboxSeal4k() {
    return SecretBox.seal(plain4k, nonce24, key32);
  }

  @Benchmark
  public byte[] sha256_1k() {
    return Hashes.sha256(data1k);
  }

  @Benchmark
  public byte[] auth1k() {
    return Auth.auth(data1k, key32);
  }
}
