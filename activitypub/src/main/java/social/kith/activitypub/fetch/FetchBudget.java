package social.kith.activitypub.fetch;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The remote fetches one inbound request (or one operation) may cause (checklist item 34): at most
 * {@link #maxFetches()} fetches (default {@value #DEFAULT_MAX_FETCHES}), chains at most
 * {@link #maxDepth()} documents deep (default {@value #DEFAULT_MAX_DEPTH}), and each URL fetched at
 * most once: a second request for a URL is answered with the first result (or the first failure)
 * without contacting the remote. Anything beyond is {@link FetchError#FETCH_BUDGET_EXCEEDED}.
 *
 * <p>Create one per inbound activity and pass it to every fetch the activity causes
 * ({@link RemoteFetcher#fetchActivity(URI, FetchBudget)}, {@link ReplyChainWalker},
 * {@link CollectionWalker}), so that a self-referencing reply chain, an Announce of an Announce or
 * a collection that never ends cannot turn one inbound request into unbounded outbound traffic.
 * A budget is not reusable across requests: its visited set is the point. Thread-safe; its memory
 * is bounded by {@link #maxFetches()} documents (each within the fetcher's body cap).
 */
public final class FetchBudget {
  /** The default number of fetches per inbound request. */
  public static final int DEFAULT_MAX_FETCHES = 20;
  /** The default maximum depth of a chain (reply chains, Announce of Announce). */
  public static final int DEFAULT_MAX_DEPTH = 16;
  /** The largest budget a caller may configure. */
  public static final int MAX_FETCHES_LIMIT = 1000;

  private final int maxFetches;
  private final int maxDepth;
  private final Map<String, Object> visited = new HashMap<>();
  private int used;
  private boolean exhausted;

  private FetchBudget(int maxFetches, int maxDepth) {
    this.maxFetches = maxFetches;
    this.maxDepth = maxDepth;
  }

  /** A fresh budget with the defaults (20 fetches, depth 16). */
  public static FetchBudget create() {
    return new FetchBudget(DEFAULT_MAX_FETCHES, DEFAULT_MAX_DEPTH);
  }

  /**
   * A fresh budget.
   *
   * @param maxFetches 1 to {@value #MAX_FETCHES_LIMIT} fetches
   * @param maxDepth 1 to {@value #MAX_FETCHES_LIMIT} documents in one chain
   */
  public static FetchBudget of(int maxFetches, int maxDepth) {
    if (maxFetches < 1 || maxFetches > MAX_FETCHES_LIMIT) {
      throw new IllegalArgumentException("maxFetches must be between 1 and " + MAX_FETCHES_LIMIT + ", not " + maxFetches);
    }
    if (maxDepth < 1 || maxDepth > MAX_FETCHES_LIMIT) {
      throw new IllegalArgumentException("maxDepth must be between 1 and " + MAX_FETCHES_LIMIT + ", not " + maxDepth);
    }
    return new FetchBudget(maxFetches, maxDepth);
  }

  public int maxFetches() {
    return maxFetches;
  }

  public int maxDepth() {
    return maxDepth;
  }

  /** The fetches charged so far (answers from the visited set are free). */
  public synchronized int used() {
    return used;
  }

  /** The fetches left. */
  public synchronized int remaining() {
    return maxFetches - used;
  }

  /** True once a fetch or a depth was refused: whatever was gathered under this budget is partial. */
  public synchronized boolean exhausted() {
    return exhausted;
  }

  /**
   * Refuses a chain step deeper than {@link #maxDepth()}.
   *
   * @param depth the 1-based position of the document about to be fetched in its chain
   * @throws FetchException {@link FetchError#FETCH_BUDGET_EXCEEDED}
   */
  public synchronized void checkDepth(URI uri, int depth) {
    if (depth > maxDepth) {
      exhausted = true;
      throw new FetchException(FetchError.FETCH_BUDGET_EXCEEDED, uri,
          "the chain is deeper than the maximum of " + maxDepth + " documents");
    }
  }

  /** The canonical visited-set key of a URL: origin, path and query; no fragment. */
  static String key(HttpUrl url) {
    String q = url.encodedQuery();
    return Origin.of(url) + url.encodedPath() + (q == null ? "" : "?" + q);
  }

  /** The earlier outcome for {@code key}: a {@link JsonDocument} or a {@link FetchException}; empty if not visited. */
  synchronized Optional<Object> visited(String key) {
    return Optional.ofNullable(visited.get(key));
  }

  /**
   * Charges one fetch of {@code uri}.
   *
   * @throws FetchException {@link FetchError#FETCH_BUDGET_EXCEEDED} when nothing is left
   */
  synchronized void charge(URI uri) {
    if (used >= maxFetches) {
      exhausted = true;
      throw new FetchException(FetchError.FETCH_BUDGET_EXCEEDED, uri,
          "the fetch budget of " + maxFetches + " fetches for this request is spent");
    }
    used++;
  }

  /** Records the outcome of the fetch of {@code key} (the first outcome wins). */
  synchronized void record(String key, Object outcome) {
    visited.putIfAbsent(key, outcome);
  }

  @Override
  public synchronized String toString() {
    return "FetchBudget[" + used + "/" + maxFetches + " fetches, maxDepth=" + maxDepth
        + (exhausted ? ", exhausted" : "") + "]";
  }
}
