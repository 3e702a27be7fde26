package social.kith.ssb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import social.kith.crypto.Ed25519Signed;

/**
 * Verifies Ed25519 signatures: the seam through which classic messages are checked. It must give
 * libsodium's verdict ({@code crypto_sign_verify_detached}) for every input, because a different
 * verdict from other peers splits feeds, and must return false (never throw) on malformed input.
 * {@link #libsodium()} is the default: Kith's own libsodium-exact Ed25519.
 */
@FunctionalInterface
public interface Ed25519Verifier {
  /** Whether {@code signature} (64 bytes) is {@code publicKey}'s (32 bytes) signature of {@code message}. */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);

  /**
   * Verifies many signatures in parallel on {@code executor}; element {@code i} is exactly
   * {@code verify(items[i])}. The default splits the list into chunks run on the executor; the
   * libsodium verifier hands the batch to {@link social.kith.crypto.Ed25519#verifyAll}, which shares
   * each key's decoded point across items. Blocks until all are done.
   */
  default boolean[] verifyAll(List<Ed25519Signed> items, Executor executor) {
    Objects.requireNonNull(executor, "executor");
    List<Ed25519Signed> list = List.copyOf(items);
    boolean[] verdicts = new boolean[list.size()];
    int chunks = Math.min(list.size(), Math.max(1, Runtime.getRuntime().availableProcessors()) * 4);
    if (chunks == 0) {
      return verdicts;
    }
    int chunkSize = (list.size() + chunks - 1) / chunks;
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int start = 0; start < list.size(); start += chunkSize) {
      int from = start;
      int to = Math.min(list.size(), start + chunkSize);
      futures.add(CompletableFuture.runAsync(() -> {
        for (int i = from; i < to; i++) {
          Ed25519Signed item = list.get(i);
          boolean ok;
          try {
            ok = verify(item.key().bytes(), item.message(), item.signature());
          } catch (RuntimeException e) {
            ok = false;
          }
          verdicts[i] = ok;
        }
      }, executor));
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
    return verdicts;
  }

  /**
   * The default verifier: {@link social.kith.crypto.Ed25519}, which gives libsodium's verdict on
   * every input (non-canonical S, small-order R or key, non-canonical key encodings). Decoded public
   * keys are cached (bounded) so a feed's key is decoded once. Thread-safe; one shared instance.
   */
  static Ed25519Verifier libsodium() {
    return LibsodiumVerifier.INSTANCE;
  }
}
