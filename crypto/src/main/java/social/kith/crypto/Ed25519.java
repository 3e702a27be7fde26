package social.kith.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Ed25519 signatures, byte for byte compatible with libsodium's {@code crypto_sign_*} (the
 * verifier follows libsodium 1.0.18 - 1.0.20: S must be below L, R must not be a small-order
 * encoding, the public key must be canonical, not of small order and on the curve, and the
 * re-encoded {@code [S]B - [k]A} must equal the R bytes).
 *
 * <p>Key pairs are {@link Ed25519PrivateKey} / {@link Ed25519PublicKey}; this class holds the static
 * entry points. All methods are thread-safe.
 */
public final class Ed25519 {
  private Ed25519() {}

  /** Length of a signature ({@code crypto_sign_BYTES}). */
  public static final int SIGNATURE_BYTES = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** libsodium's {@code crypto_sign_keypair}: a new key pair from a {@link SecureRandom} seed. */
  public static Ed25519PrivateKey generate() {
    return generate(RANDOM);
  }

  /** A new key pair whose seed comes from {@code random}. */
  public static Ed25519PrivateKey generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519PrivateKey.SEED_BYTES];
    random.nextBytes(seed);
    return fromSeedOwned(seed);
  }

  /**
   * libsodium's {@code crypto_sign_seed_keypair}: the key pair of a 32-byte seed.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless the seed is 32 bytes
   */
  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    return fromSeedOwned(SodiumBytes.copyOf(seed, Ed25519PrivateKey.SEED_BYTES, "Ed25519 seed"));
  }

  /**
   * A key pair from libsodium's 64-byte secret key ({@code seed || public key}).
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless 64 bytes; {@code UNSUPPORTED_KEY} when the
   *     second half is not the public key of the first (libsodium would sign with the wrong key,
   *     and such signatures can leak the private key)
   */
  public static Ed25519PrivateKey fromSodiumSecretKey(byte[] secretKey) {
    SodiumBytes.require(secretKey, Ed25519PrivateKey.SODIUM_SECRET_KEY_BYTES, "libsodium Ed25519 secret key");
    Ed25519PrivateKey key = fromSeedOwned(Arrays.copyOf(secretKey, 32));
    byte[] given = Arrays.copyOfRange(secretKey, 32, 64);
    if (!MessageDigest.isEqual(given, key.publicKey().bytes())) {
      throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY,
          "the public half of the secret key does not match its seed");
    }
    return key;
  }

  /**
   * The public key with these 32 bytes (see {@link Ed25519PublicKey#of}).
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless 32 bytes
   */
  public static Ed25519PublicKey publicKey(byte[] bytes) {
    return Ed25519PublicKey.of(bytes);
  }

  /** libsodium's {@code crypto_sign_detached}. */
  public static byte[] sign(Ed25519PrivateKey key, byte[] message) {
    return key.sign(message);
  }

  /**
   * libsodium's {@code crypto_sign_verify_detached(signature, message, publicKey)}. Never throws:
   * wrong lengths, nulls and garbage are simply not valid. To verify many signatures under one key,
   * keep an {@link Ed25519PublicKey} instead: it caches the decoded point.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != Ed25519PublicKey.BYTES) {
      return false;
    }
    return Ed25519PublicKey.of(publicKey).verify(message, signature);
  }

  /** {@link #verifyAll(List, Executor)} on the common fork-join pool. */
  public static boolean[] verifyAll(List<Ed25519Signed> items) {
    return verifyAll(items, ForkJoinPool.commonPool());
  }

  /**
   * Verifies many signatures in parallel on {@code executor}. Element {@code i} of the result is
   * exactly {@code items.get(i).verify()}: each item is verified on its own, with the same checks as
   * {@link Ed25519PublicKey#verify}, so a bad item never affects the others. Items that share one
   * {@link Ed25519PublicKey} object share its cached point. Blocks until all are done.
   */
  public static boolean[] verifyAll(List<Ed25519Signed> items, Executor executor) {
    Objects.requireNonNull(executor, "executor");
    List<Ed25519Signed> list = List.copyOf(items);
    int n = list.size();
    boolean[] verdicts = new boolean[n];
    if (n == 0) {
      return verdicts;
    }
    int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
    int chunks = Math.min(n, parallelism * 4);
    int chunkSize = (n + chunks - 1) / chunks;
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int start = 0; start < n; start += chunkSize) {
      int from = start;
      int to = Math.min(n, start + chunkSize);
      futures.add(CompletableFuture.runAsync(() -> {
        for (int i = from; i < to; i++) {
          verdicts[i] = list.get(i).verify();
        }
      }, executor));
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
    return verdicts;
  }

  private static Ed25519PrivateKey fromSeedOwned(byte[] seed) {
    byte[] pk = new byte[Ed25519PublicKey.BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
    return new Ed25519PrivateKey(seed, pk);
  }
}
