package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import social.kith.activitypub.fetch.internal.Json;

/**
 * Walks a chain of remote documents, such as the ancestors of a reply ({@code inReplyTo}) or an
 * Announce of an Announce ({@code object}), under a {@link FetchBudget} (checklist item 34). It
 * stops at the root, at the first URL it has already seen in this walk (a cycle, without fetching
 * it again), when the budget's depth or fetch count is spent, or at the first failure, and says
 * which: only {@link Stop#COMPLETE} means the whole chain is in hand, so a caller never stores a
 * cut-off chain as if it were whole.
 *
 * <p>Embedded linked objects are not trusted (item 23): only their {@code id} is taken, and the
 * document is fetched from it. Each fetched document passed {@link RemoteFetcher#fetchActivity}'s
 * id check.
 *
 * <pre>{@code
 * FetchBudget budget = FetchBudget.create();        // one per inbound activity
 * ReplyChainWalker.Result r = ReplyChainWalker.create(fetcher).walkFrom(note, Link.IN_REPLY_TO, budget);
 * if (r.isComplete()) { store(r.documents()); } else { storeAsIncomplete(r); }
 * }</pre>
 */
public final class ReplyChainWalker {
  private static final System.Logger LOG = System.getLogger("social.kith.activitypub.fetch");

  /** Which member leads from a document to the next one in the chain. */
  public enum Link {
    /** {@code inReplyTo}: from a reply to the post it answers. */
    IN_REPLY_TO,
    /** {@code object} of an {@code Announce}: from a boost to what it boosts; a non-Announce is the root. */
    ANNOUNCED_OBJECT
  }

  /** Why a walk ended. */
  public enum Stop {
    /** The last document has no next link: the chain is complete. */
    COMPLETE,
    /** The next link names a document already in this chain; it was not fetched again. */
    CYCLE,
    /** The budget's depth or fetch count is spent ({@link FetchError#FETCH_BUDGET_EXCEEDED}). */
    BUDGET_EXCEEDED,
    /** A fetch failed or a link is not an http(s) URL (see {@link Result#failure()}). */
    FAILED
  }

  /**
   * The outcome of a walk.
   *
   * @param documents the documents fetched, nearest first (for {@link Link#IN_REPLY_TO}: the
   *     parent, then the grandparent, ...)
   * @param stop why the walk ended
   * @param failure the error for {@link Stop#BUDGET_EXCEEDED} and {@link Stop#FAILED}
   */
  public record Result(List<JsonDocument> documents, Stop stop, Optional<FetchException> failure) {
    public Result {
      documents = List.copyOf(documents);
      Objects.requireNonNull(stop, "stop");
      Objects.requireNonNull(failure, "failure");
    }

    /** True only when the chain reached its root: everything else is partial. */
    public boolean isComplete() {
      return stop == Stop.COMPLETE;
    }
  }

  private final RemoteFetcher fetcher;

  private ReplyChainWalker(RemoteFetcher fetcher) {
    this.fetcher = fetcher;
  }

  public static ReplyChainWalker create(RemoteFetcher fetcher) {
    return new ReplyChainWalker(Objects.requireNonNull(fetcher, "fetcher"));
  }

  /**
   * Walks from a document already in hand (an inbound reply or Announce): it is not fetched and not
   * part of {@link Result#documents()}, but its id counts as seen, so a link back to it is a cycle.
   */
  public Result walkFrom(ObjectNode start, Link link, FetchBudget budget) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(budget, "budget");
    Set<String> seen = new HashSet<>();
    Json.idOf(start.get("id")).flatMap(ReplyChainWalker::key).ifPresent(seen::add);
    Optional<JsonNode> next = next(start, link);
    if (next.isEmpty()) {
      return new Result(List.of(), Stop.COMPLETE, Optional.empty());
    }
    return walk(next.get(), link, budget, seen);
  }

  /** Walks from {@code first}, the first document to fetch (say, the {@code inReplyTo} of a reply). */
  public Result walk(URI first, Link link, FetchBudget budget) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(budget, "budget");
    return walk(TextNode.valueOf(first.toString()), link, budget, new HashSet<>());
  }

  private Result walk(JsonNode firstLink, Link link, FetchBudget budget, Set<String> seen) {
    List<JsonDocument> docs = new ArrayList<>();
    JsonNode linkNode = firstLink;
    while (true) {
      Optional<URI> target = Json.idOf(linkNode);
      Optional<String> key = target.flatMap(ReplyChainWalker::key);
      if (key.isEmpty()) {
        return stopped(docs, Stop.FAILED, new FetchException(FetchError.INVALID_URL, null,
            "a " + link + " link is not an http(s) URL"));
      }
      URI uri = target.get();
      if (!seen.add(key.get())) {
        LOG.log(System.Logger.Level.DEBUG, "chain walk stopped at a cycle back to {0}", uri);
        return new Result(docs, Stop.CYCLE, Optional.empty());
      }
      JsonDocument doc;
      try {
        budget.checkDepth(uri, docs.size() + 1);
        doc = fetcher.fetchActivity(uri, budget);
      } catch (FetchException e) {
        return stopped(docs, e.error() == FetchError.FETCH_BUDGET_EXCEEDED ? Stop.BUDGET_EXCEEDED : Stop.FAILED, e);
      }
      docs.add(doc);
      doc.id().flatMap(ReplyChainWalker::key).ifPresent(seen::add);
      key(doc.finalUri()).ifPresent(seen::add);
      Optional<JsonNode> next = next(doc.json(), link);
      if (next.isEmpty()) {
        return new Result(docs, Stop.COMPLETE, Optional.empty());
      }
      linkNode = next.get();
    }
  }

  private static Result stopped(List<JsonDocument> docs, Stop stop, FetchException e) {
    LOG.log(System.Logger.Level.DEBUG, "chain walk stopped after {0} documents: {1}", docs.size(), e.getMessage());
    return new Result(docs, stop, Optional.of(e));
  }

  /** The next link of {@code doc}, or empty at the root. A present but unusable link is returned as is. */
  private static Optional<JsonNode> next(ObjectNode doc, Link link) {
    JsonNode v;
    if (link == Link.IN_REPLY_TO) {
      v = doc.get("inReplyTo");
    } else {
      JsonNode type = doc.get("type");
      if (type == null || !type.isTextual() || !type.asText().equals("Announce")) {
        return Optional.empty();
      }
      v = doc.get("object");
    }
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.isArray() && v.size() == 1) {
      v = v.get(0);
    }
    return Optional.of(v);
  }

  /** The visited-set key of an http(s) URL, or empty if it is not one. */
  static Optional<String> key(URI uri) {
    HttpUrl u = HttpUrl.parse(uri.toString());
    return u == null ? Optional.empty() : Optional.of(FetchBudget.key(u));
  }
}
