package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import social.kith.activitypub.fetch.internal.Json;

/**
 * Reads the items of a remote {@code Collection} or {@code OrderedCollection} and its pages
 * ({@code first}, then {@code next}; {@code items} or {@code orderedItems}; pages embedded or by
 * IRI) within explicit limits (checklist item 35): at most {@link Limits#maxPages()} pages and
 * {@link Limits#maxItems()} items, each page at most once (a {@code next} back to a page already
 * read is a {@link Stop#CYCLE}), and every page on the collection's own {@link Origin} (a page on
 * another host is refused with {@link FetchError#ORIGIN_MISMATCH} before it is fetched). Each
 * page is one fetch within the body cap, so memory stays bounded whatever the remote claims.
 *
 * <p>Items are returned as the remote wrote them (IRIs or embedded objects) and are not trusted:
 * an embedded item must be refetched from its id before it is believed (item 23). Only
 * {@link Stop#COMPLETE} means the collection was read to its end.
 */
public final class CollectionWalker {
  private static final Set<String> COLLECTION_TYPES =
      Set.of("Collection", "OrderedCollection", "CollectionPage", "OrderedCollectionPage");
  private static final Set<String> PAGE_TYPES = Set.of("CollectionPage", "OrderedCollectionPage");

  /**
   * The limits of one walk.
   *
   * @param maxPages pages read after the collection document itself (an embedded {@code first}
   *     counts; a collection fetched as a page is page 1), 1 to 1,000
   * @param maxItems items kept, 1 to 100,000
   */
  public record Limits(int maxPages, int maxItems) {
    /** The defaults: 10 pages, 1,000 items. */
    public static final Limits DEFAULTS = new Limits(10, 1000);

    public Limits {
      if (maxPages < 1 || maxPages > 1000) {
        throw new IllegalArgumentException("maxPages must be between 1 and 1,000, not " + maxPages);
      }
      if (maxItems < 1 || maxItems > 100_000) {
        throw new IllegalArgumentException("maxItems must be between 1 and 100,000, not " + maxItems);
      }
    }
  }

  /** Why a walk ended. */
  public enum Stop {
    /** The last page has no {@code next}: every item is in hand. */
    COMPLETE,
    /** A {@code next} or {@code first} names a page already read. */
    CYCLE,
    /** {@link Limits#maxPages()} pages were read and there are more. */
    PAGE_LIMIT,
    /** {@link Limits#maxItems()} items were kept and there are more. */
    ITEM_LIMIT,
    /** The {@link FetchBudget} is spent. */
    BUDGET_EXCEEDED,
    /** A page on another origin than the collection ({@link FetchError#ORIGIN_MISMATCH}); not fetched. */
    REFUSED,
    /** A fetch failed, or a document is not a collection or page ({@link FetchError#INVALID_COLLECTION}). */
    FAILED
  }

  /**
   * The outcome of a walk.
   *
   * @param collection the collection's id (or the requested URL if it could not be read)
   * @param items the items read, in order, at most {@link Limits#maxItems()}
   * @param pages the pages read
   * @param stop why the walk ended
   * @param failure the error for {@link Stop#BUDGET_EXCEEDED}, {@link Stop#REFUSED} and {@link Stop#FAILED}
   */
  public record Result(URI collection, List<JsonNode> items, int pages, Stop stop, Optional<FetchException> failure) {
    public Result {
      Objects.requireNonNull(collection, "collection");
      items = List.copyOf(items);
      Objects.requireNonNull(stop, "stop");
      Objects.requireNonNull(failure, "failure");
    }

    /** True only when the collection was read to its end. */
    public boolean isComplete() {
      return stop == Stop.COMPLETE;
    }

    /** The items that are IRIs (embedded objects contribute their {@code id}), as http(s) URIs. */
    public List<URI> itemIds() {
      List<URI> ids = new ArrayList<>();
      for (JsonNode item : items) {
        Json.idOf(item).ifPresent(ids::add);
      }
      return ids;
    }
  }

  private final RemoteFetcher fetcher;
  private final Limits limits;

  private CollectionWalker(RemoteFetcher fetcher, Limits limits) {
    this.fetcher = fetcher;
    this.limits = limits;
  }

  /** A walker with {@link Limits#DEFAULTS}. */
  public static CollectionWalker create(RemoteFetcher fetcher) {
    return create(fetcher, Limits.DEFAULTS);
  }

  public static CollectionWalker create(RemoteFetcher fetcher, Limits limits) {
    return new CollectionWalker(Objects.requireNonNull(fetcher, "fetcher"), Objects.requireNonNull(limits, "limits"));
  }

  public Limits limits() {
    return limits;
  }

  /** Walks {@code collection} under a budget of its own (two fetches per page: a refetch by id may happen). */
  public Result walk(URI collection) {
    return walk(collection, FetchBudget.of(Math.min(FetchBudget.MAX_FETCHES_LIMIT, 2 * (limits.maxPages() + 1)),
        FetchBudget.DEFAULT_MAX_DEPTH));
  }

  /** Walks {@code collection}, charging every fetch to {@code budget} (the inbound request's). */
  public Result walk(URI collection, FetchBudget budget) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(budget, "budget");
    Walk w = new Walk(collection);
    JsonDocument doc;
    try {
      doc = fetcher.fetchActivity(collection, budget);
    } catch (FetchException e) {
      return w.failed(e);
    }
    ObjectNode root = doc.json();
    if (!doc.hasType(COLLECTION_TYPES)) {
      return w.failed(invalid(collection, "the document at " + collection + " is not a collection"));
    }
    w.id = doc.id().orElseThrow();
    Origin origin = Origin.of(doc.finalUri());
    w.markSeen(collection);
    w.markSeen(w.id);
    boolean rootIsPage = doc.hasType(PAGE_TYPES);
    if (rootIsPage) {
      w.pages = 1;
    }
    if (!w.addItems(root)) {
      return w.result(Stop.ITEM_LIMIT);
    }
    JsonNode link = rootIsPage ? root.get("next") : root.get("first");
    while (link != null && !link.isNull()) {
      if (w.pages >= limits.maxPages()) {
        return w.result(Stop.PAGE_LIMIT);
      }
      ObjectNode page;
      Optional<URI> target = Json.idOf(link);
      if (link.isObject() && (link.has("items") || link.has("orderedItems"))) {
        if (target.isPresent()) {
          if (!Origin.parse(target.get().toString()).map(origin::equals).orElse(false)) {
            return w.refused(target.get(), origin);
          }
          if (!w.markSeen(target.get())) {
            return w.result(Stop.CYCLE);
          }
        }
        page = (ObjectNode) link;
      } else {
        if (target.isEmpty()) {
          return w.failed(invalid(collection, "a page link is not an http(s) URL or an embedded page"));
        }
        URI pageUri = target.get();
        if (!Origin.parse(pageUri.toString()).map(origin::equals).orElse(false)) {
          return w.refused(pageUri, origin);
        }
        if (!w.markSeen(pageUri)) {
          return w.result(Stop.CYCLE);
        }
        JsonDocument fetched;
        try {
          fetched = fetcher.fetchActivity(pageUri, budget);
        } catch (FetchException e) {
          return w.failed(e);
        }
        if (!fetched.hasType(COLLECTION_TYPES)) {
          return w.failed(invalid(pageUri, "the page " + pageUri + " is not a collection page"));
        }
        fetched.id().ifPresent(w::markSeen);
        page = fetched.json();
      }
      w.pages++;
      if (!w.addItems(page)) {
        return w.result(Stop.ITEM_LIMIT);
      }
      link = page.get("next");
    }
    return w.result(Stop.COMPLETE);
  }

  private static FetchException invalid(URI uri, String why) {
    return new FetchException(FetchError.INVALID_COLLECTION, uri, why);
  }

  /** The state of one walk. */
  private final class Walk {
    final List<JsonNode> items = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    URI id;
    int pages;

    Walk(URI requested) {
      this.id = requested;
    }

    /** Adds a URL to the visited set; false if it was there already. */
    boolean markSeen(URI uri) {
      return ReplyChainWalker.key(uri).map(seen::add).orElse(true);
    }

    /** Adds the page's items; false if the item cap cut them off. */
    boolean addItems(ObjectNode page) {
      JsonNode list = page.has("orderedItems") ? page.get("orderedItems") : page.get("items");
      if (list == null || list.isNull()) {
        return true;
      }
      Iterable<JsonNode> values = list.isArray() ? list : List.of(list);
      for (JsonNode item : values) {
        if (!(item.isTextual() || item.isObject())) {
          continue;
        }
        if (items.size() >= limits.maxItems()) {
          return false;
        }
        items.add(item.deepCopy());
      }
      return true;
    }

    Result result(Stop stop) {
      return new Result(id, items, pages, stop, Optional.empty());
    }

    Result failed(FetchException e) {
      return new Result(id, items, pages,
          e.error() == FetchError.FETCH_BUDGET_EXCEEDED ? Stop.BUDGET_EXCEEDED : Stop.FAILED, Optional.of(e));
    }

    Result refused(URI page, Origin origin) {
      return new Result(id, items, pages, Stop.REFUSED, Optional.of(new FetchException(FetchError.ORIGIN_MISMATCH, page,
          "the page " + page + " is not on the collection's origin " + origin)));
    }
  }
}
