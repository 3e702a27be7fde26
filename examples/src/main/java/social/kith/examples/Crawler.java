package social.kith.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import social.kith.activitypub.discovery.ActorLookup;
import social.kith.activitypub.discovery.WebFingerClient;
import social.kith.activitypub.fetch.ActorResolver;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.JsonDocument;
import social.kith.activitypub.fetch.Origin;
import social.kith.activitypub.fetch.RemoteActor;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.cli.Progress;
import social.kith.core.KithException;
import social.kith.core.feed.FeedPage;
import social.kith.ssb.FeedId;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SecretFile;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.V8Json;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/**
 * A research crawler: walks an ActivityPub actor's outbox, or a Secure Scuttlebutt feed, and appends
 * one JSON line per item to a file, within limits, resumable from where it stopped.
 *
 * <pre>
 * Crawler --out FILE (--actor URL|@user@host | --outbox URL | --ssb-feed @id [--ssb-peer ADDRESS])
 *         [--state FILE] [--ssb-data DIR] [--max-items 1000] [--max-pages 50] [--max-seconds 300]
 *         [--insecure-local] [--once] [--interval 300]
 * </pre>
 *
 * <p>Lines: {@code {"id": ..., "source": "activitypub", "collection": ..., "page": ..., "item": {...}}}
 * for an outbox (the activity exactly as served), or {@code {"id": "%...sha256", "source": "ssb",
 * "feed": ..., "sequence": n, "value": {...}}} for a feed (the signed value with its key order kept,
 * so it still verifies). An SSB feed is first fetched from {@code --ssb-peer} into a local store
 * ({@code --ssb-data}, default {@code FILE.ssb/}), then walked oldest first; without a peer the local
 * store is walked as it is.
 *
 * <p>Limits, per pass: {@code --max-items} new lines, {@code --max-pages} pages (outbox pages; for
 * a feed, pages of {@value #SSB_PAGE} messages) and {@code --max-seconds}; whichever comes first
 * stops the pass cleanly. Resuming: after every page the position is saved in the state file
 * ({@code FILE.state.json} by default; written atomically), and the ids already in the output file
 * are never written again, so a crawl stopped by a limit, an error or Ctrl-C continues where it
 * stopped. Once an outbox is walked to its end, the next pass starts again from its first page and
 * stops at the first page without new items (outboxes are newest first); a feed continues after its
 * last written sequence.
 *
 * <p>stdout gets one summary line per pass, {@code written=N total=T stop=REASON}; a progress bar
 * (the {@code kith} command's {@link Progress}) goes to stderr only when it is a terminal. With
 * {@code --once}: one pass, then exit; otherwise it passes again every {@code --interval} seconds
 * until stopped. Exit codes: 0 done, 2 bad usage or an unreadable state/output file, 3 network or
 * peer failure (the position so far is kept).
 */
public final class Crawler {
  /** What {@code --help} prints. */
  public static final String USAGE = "Usage: Crawler --out FILE (--actor URL|@user@host | --outbox URL | --ssb-feed @id [--ssb-peer ADDRESS])\n"
      + "               [--state FILE] [--ssb-data DIR] [--max-items 1000] [--max-pages 50] [--max-seconds 300]\n"
      + "               [--insecure-local] [--once] [--interval 300]\n"
      + "Writes an outbox or a feed as JSON lines, within limits, resumable from its state file.";

  /** Messages per page when walking a feed in the local store. */
  public static final int SSB_PAGE = 100;
  /** Why a pass stopped. */
  public enum Stop { COMPLETE, UP_TO_DATE, MAX_ITEMS, MAX_PAGES, MAX_SECONDS }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> COLLECTIONS = Set.of("Collection", "OrderedCollection");

  private final Path out;
  private final Path stateFile;
  private final int maxItems;
  private final int maxPages;
  private final Duration maxTime;
  private final PrintStream err;
  private final boolean terminal;
  private final Set<String> seen = new HashSet<>();
  private ObjectNode state;
  private long total;

  private Crawler(Path out, Path stateFile, int maxItems, int maxPages, Duration maxTime, PrintStream err,
      boolean terminal) {
    this.out = out;
    this.stateFile = stateFile;
    this.maxItems = maxItems;
    this.maxPages = maxPages;
    this.maxTime = maxTime;
    this.err = err;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    Args.main(() -> run(args, System.out, System.err, Progress.terminal()));
  }

  /** Runs the crawler; {@code terminal} says whether to draw the progress bar on {@code err}. */
  public static int run(String[] argv, PrintStream stdout, PrintStream err, boolean terminal) {
    if (Args.help(argv, stdout, USAGE)) {
      return Args.OK;
    }
    Args args;
    Crawler crawler;
    String source;
    boolean once;
    Duration interval;
    try {
      args = Args.parse(argv, Set.of("--out", "--state", "--actor", "--outbox", "--ssb-feed", "--ssb-peer",
          "--ssb-data", "--max-items", "--max-pages", "--max-seconds", "--interval"),
          Set.of("--insecure-local", "--once"));
      Path out = Path.of(args.required("--out"));
      Path state = args.path("--state").orElse(Path.of(out + ".state.json"));
      List<String> sources = new ArrayList<>();
      for (String s : List.of("--actor", "--outbox", "--ssb-feed")) {
        args.value(s).ifPresent(v -> sources.add(s));
      }
      if (sources.size() != 1) {
        throw new Args.UsageException("give exactly one of --actor, --outbox or --ssb-feed");
      }
      source = sources.get(0);
      if (!source.equals("--ssb-feed") && (args.value("--ssb-peer").isPresent() || args.value("--ssb-data").isPresent())) {
        throw new Args.UsageException("--ssb-peer and --ssb-data go with --ssb-feed");
      }
      if (source.equals("--ssb-feed") && !FeedId.isValid(args.required("--ssb-feed"))) {
        throw new Args.UsageException("--ssb-feed is not a feed id (@...=.ed25519): " + args.required("--ssb-feed"));
      }
      args.value("--ssb-peer").filter(a -> !MultiserverAddress.isValid(a)
          || MultiserverAddress.parse(a).shs().isEmpty()).ifPresent(a -> {
        throw new Args.UsageException("--ssb-peer is not a multiserver address (net:host:port~shs:key): " + a);
      });
      once = args.flag("--once");
      interval = args.seconds("--interval", 300, 86_400);
      crawler = new Crawler(out, state, args.integer("--max-items", 1000, 1, 10_000_000),
          args.integer("--max-pages", 50, 1, 1_000_000),
          args.seconds("--max-seconds", 300, 7 * 86_400), err, terminal);
      crawler.load(sourceKey(source, args));
    } catch (Args.UsageException e) {
      err.println("Crawler: " + e.getMessage());
      return Args.USAGE;
    } catch (IOException | UncheckedIOException e) {
      err.println("Crawler: cannot read the output or state file: " + e.getMessage());
      return Args.USAGE;
    }
    while (true) {
      long before = crawler.total;
      Stop stop;
      try {
        stop = switch (source) {
          case "--ssb-feed" -> crawler.crawlFeed(FeedId.parse(args.required("--ssb-feed")),
              args.value("--ssb-peer"), args.path("--ssb-data").orElse(Path.of(crawler.out + ".ssb")));
          case "--outbox" -> crawler.crawlOutbox(fetcher(args), Optional.of(URI.create(args.required("--outbox"))),
              Optional.empty());
          default -> crawler.crawlOutbox(fetcher(args), Optional.empty(), Optional.of(args.required("--actor")));
        };
      } catch (KithException e) {
        err.println("Crawler: " + e.getMessage() + " (the position so far is saved)");
        return Args.NETWORK;
      } catch (IllegalArgumentException e) {
        err.println("Crawler: " + e.getMessage());
        return Args.USAGE;
      } catch (IOException | UncheckedIOException e) {
        err.println("Crawler: cannot write: " + e.getMessage());
        return Args.USAGE;
      }
      stdout.println("written=" + (crawler.total - before) + " total=" + crawler.total + " stop=" + stop);
      stdout.flush();
      if (once) {
        return Args.OK;
      }
      long wake = System.nanoTime() + interval.toNanos();
      while (System.nanoTime() < wake) {
        LockSupport.parkNanos(wake - System.nanoTime());
        if (Thread.currentThread().isInterrupted()) {
          return Args.OK;
        }
      }
    }
  }

  private static String sourceKey(String option, Args args) {
    return option.substring(2) + " " + args.required(option);
  }

  private static RemoteFetcher fetcher(Args args) {
    FetchPolicy.Builder policy = FetchPolicy.builder();
    if (args.flag("--insecure-local")) {
      policy.insecureAllowLoopbackForTesting();
    }
    return RemoteFetcher.builder().policy(policy.build()).build();
  }

  // ------------------------------------------------------------------ state

  /** Reads the ids already written and the saved position; a state file for another source is refused. */
  private void load(String source) throws IOException {
    if (Files.exists(out)) {
      try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode id;
          try {
            id = JSON.readTree(line).path("id");
          } catch (IOException e) {
            // a line torn by a crash while it was written: everything before it is kept
            throw new Args.UsageException(out + " has a line that is not JSON; remove the last line and resume");
          }
          if (id.isTextual()) {
            seen.add(id.asText());
          }
        }
      }
    }
    total = seen.size();
    if (Files.exists(stateFile)) {
      JsonNode s;
      try {
        s = JSON.readTree(stateFile.toFile());
      } catch (IOException e) {
        throw new Args.UsageException(stateFile + " is not a crawler state file");
      }
      if (!(s instanceof ObjectNode o) || !source.equals(o.path("source").asText())) {
        throw new Args.UsageException(stateFile + " belongs to another crawl (" + s.path("source").asText("?")
            + "); give another --state");
      }
      state = o;
    } else {
      state = JSON.createObjectNode().put("source", source);
    }
  }

  private void save() throws IOException {
    state.put("written", total);
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(state), StandardCharsets.UTF_8);
    Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The progress bar on stderr (drawn on a terminal only); closing it ends its line, not stderr. */
  private Progress progress(long totalItems) {
    return Progress.on(new PrintWriter(err), terminal, totalItems);
  }

  private BufferedWriter appendOut() throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  // ------------------------------------------------------------------ ActivityPub

  private Stop crawlOutbox(RemoteFetcher fetcher, Optional<URI> outboxUrl, Optional<String> actor) throws IOException {
    long deadline = System.nanoTime() + maxTime.toNanos();
    URI outbox;
    if (outboxUrl.isPresent()) {
      outbox = outboxUrl.get();
    } else {
      ActorLookup lookup = ActorLookup.create(fetcher, ActorResolver.create(fetcher),
          fetcher.policy().allowsLoopbackAndPlainHttp() ? WebFingerClient.insecurePlainHttpForTesting(fetcher)
              : WebFingerClient.create(fetcher));
      RemoteActor a = lookup.lookup(actor.get()).actor()
          .orElseThrow(() -> new IllegalArgumentException(actor.get() + " is not an actor"));
      outbox = a.outbox().orElseThrow(() -> new IllegalArgumentException(actor.get() + " has no outbox"));
    }
    Origin origin = Origin.of(outbox);
    boolean recrawl = state.path("complete").asBoolean(false);
    Optional<URI> page = recrawl ? Optional.empty() : Optional.ofNullable(state.path("next").textValue()).map(URI::create);
    JsonNode current;
    if (page.isEmpty()) {
      JsonDocument root = fetcher.fetchActivity(outbox);
      JsonNode first = root.json().get("first");
      if (first == null && root.hasType(COLLECTIONS)) {
        current = root.json(); // an unpaged collection is its own only page (no items at all: empty)
      } else if (first != null && first.isObject() && (first.has("orderedItems") || first.has("items"))) {
        current = first;
      } else if (first != null && first.isTextual()) {
        current = null;
        page = Optional.of(sameOrigin(origin, first.asText()));
      } else {
        throw new IllegalArgumentException(outbox + " is not a collection");
      }
    } else {
      current = null;
    }
    int pages = 0;
    try (BufferedWriter w = appendOut(); Progress bar = progress(maxItems)) {
      long written = 0;
      while (true) {
        if (pages >= maxPages) {
          return Stop.MAX_PAGES;
        }
        if (System.nanoTime() > deadline) {
          return Stop.MAX_SECONDS;
        }
        if (current == null) {
          current = fetcher.fetchActivity(page.orElseThrow()).json();
        }
        pages++;
        String pageId = current.path("id").asText(page.map(URI::toString).orElse(outbox.toString()));
        JsonNode items = current.has("orderedItems") ? current.get("orderedItems") : current.path("items");
        int fresh = 0;
        for (JsonNode item : items) {
          String id = item.isTextual() ? item.asText() : item.path("id").textValue();
          if (id == null || seen.contains(id)) {
            continue;
          }
          if (written >= maxItems) {
            // resume on this page: the items already written on it are skipped by id
            page.ifPresent(p -> state.put("next", p.toString()));
            state.put("complete", false);
            w.flush();
            save();
            return Stop.MAX_ITEMS;
          }
          ObjectNode line = JSON.createObjectNode().put("id", id).put("source", "activitypub")
              .put("collection", outbox.toString()).put("page", pageId);
          line.set("item", item);
          w.write(JSON.writeValueAsString(line));
          w.newLine();
          seen.add(id);
          written++;
          total++;
          fresh++;
          bar.update(written, "items, page " + pages);
        }
        w.flush();
        JsonNode next = current.get("next");
        Optional<URI> nextPage = next == null || next.isNull() ? Optional.empty()
            : Optional.of(sameOrigin(origin, next.isTextual() ? next.asText() : next.path("id").asText("")));
        if (nextPage.isEmpty()) {
          state.remove("next");
          state.put("complete", true);
          save();
          return recrawl ? Stop.UP_TO_DATE : Stop.COMPLETE;
        }
        state.put("next", nextPage.get().toString());
        if (recrawl && fresh == 0) {
          state.remove("next"); // nothing new on this page, so nothing newer further on: done again
          save();
          return Stop.UP_TO_DATE;
        }
        state.put("complete", false);
        save();
        recrawl = false;
        page = nextPage;
        current = null;
      }
    }
  }

  /** Page links must stay on the outbox's origin, as a server cannot speak for another one. */
  private static URI sameOrigin(Origin origin, String link) {
    Optional<Origin> o = Origin.parse(link);
    if (o.isEmpty() || !o.get().equals(origin)) {
      throw new IllegalArgumentException("the outbox links to a page on another origin: " + link);
    }
    return URI.create(link);
  }

  // ------------------------------------------------------------------ Secure Scuttlebutt

  private Stop crawlFeed(FeedId feed, Optional<String> peer, Path dataDir) throws IOException {
    long deadline = System.nanoTime() + maxTime.toNanos();
    Files.createDirectories(dataDir);
    try (SsbStore store = SsbStore.open(dataDir.resolve("store"))) {
      if (peer.isPresent()) {
        try (SsbPeer p = SsbPeer.builder(keys(dataDir), store, BlobStore.open(dataDir.resolve("blobs")))
            .autoReplicate(false).build()) {
          Map<FeedId, Long> got = p.replicateOnce(peer.get(), List.of(feed), maxTime);
          err.println("Crawler: " + feed + " is at sequence " + got.getOrDefault(feed, 0L) + " locally");
        }
      }
      long after = state.path("sequence").asLong(0);
      long latest = store.feedState(feed).map(s -> (long) s.sequence()).orElse(0L);
      int pages = 0;
      long written = 0;
      try (BufferedWriter w = appendOut(); Progress bar = progress(Math.min(maxItems,
          Math.max(0, latest - after)))) {
        while (after < latest) {
          if (pages >= maxPages) {
            return Stop.MAX_PAGES;
          }
          if (System.nanoTime() > deadline) {
            return Stop.MAX_SECONDS;
          }
          if (written >= maxItems) {
            return Stop.MAX_ITEMS;
          }
          int limit = (int) Math.min(SSB_PAGE, maxItems - written);
          FeedPage<StoredMessage> page = store.byFeed(feed, after + 1, latest,
              new PageRequest(Order.OLDEST_FIRST, limit, Optional.empty()));
          pages++;
          if (page.items().isEmpty()) {
            break;
          }
          for (StoredMessage m : page.items()) {
            if (seen.add(m.key().toString())) {
              w.write(V8Json.stringifyCompact(JsonObject.builder().put("id", m.key().toString()).put("source", "ssb")
                  .put("feed", feed.toString()).put("sequence", m.sequence()).put("value", m.value()).build()));
              w.newLine();
              written++;
              total++;
            }
            after = m.sequence();
          }
          w.flush();
          state.put("sequence", after);
          save();
          bar.update(written, "messages, sequence " + after);
        }
      }
      save();
      return written == 0 ? Stop.UP_TO_DATE : Stop.COMPLETE;
    }
  }

  /** The crawler's own SSB identity, kept beside its store (the secret handshake needs one). */
  private static SsbKeyPair keys(Path dataDir) throws IOException {
    Path secret = dataDir.resolve("secret");
    if (Files.exists(secret)) {
      return SecretFile.read(secret);
    }
    SsbKeyPair keys = SsbKeyPair.generate();
    try {
      SecretFile.write(secret, keys);
    } catch (SsbException e) {
      return SecretFile.read(secret);
    }
    return keys;
  }
}
