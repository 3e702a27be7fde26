package social.kith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import social.kith.activitypub.server.FileActors;
import social.kith.activitypub.server.FileObjectStore;
import social.kith.activitypub.server.LocalActor;
import social.kith.activitypub.server.StoredObject;
import social.kith.activitypub.vocab.ApMapper;
import social.kith.activitypub.vocab.AsObject;
import social.kith.core.Kith;
import social.kith.core.KithException;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.Protocol;
import social.kith.ssb.FeedId;
import social.kith.ssb.adapter.SsbAdapter;

/**
 * {@code kith export}: a merged timeline, newest first, from the data folders of an ActivityPub
 * identity ({@code kith ap serve --data}) and/or an SSB identity ({@code kith ssb serve --data}), or
 * one feed, as JSON lines in Kith's protocol-neutral post shape. Read-only: nothing is sent, no
 * server is started, and a folder that does not hold such data is refused before anything is opened.
 *
 * <p>From an ActivityPub folder it exports the posts its actors published (the latest version of
 * each; received posts are not kept on disk). From an SSB folder it exports the home timeline of
 * the folder's feed (its own posts, those of the feeds it follows, and the private messages it can
 * open), or with {@code --feed @id} that feed's public posts. The SSB posts are re-verified as they
 * are read.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a merged timeline (ActivityPub and/or SSB data) or one feed as JSON lines.",
        "One post per line: protocol, id, author, createdAt, text, html, inReplyTo, threadRoot, visibility,",
        "contentWarning, mentions, hashtags; newest first, across protocols by time."})
public final class ExportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--ap-data", paramLabel = "DIR", description = "An ActivityPub data folder (kith ap serve --data).")
  Path apData;

  @Option(names = "--ssb-data", paramLabel = "DIR", description = "An SSB data folder (kith ssb serve --data).")
  Path ssbData;

  @Option(names = "--feed", paramLabel = "ID",
      description = "Only this feed: an SSB feed id (@...=.ed25519) or an ActivityPub actor URL.")
  String feed;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Write at most N posts (default: all).")
  long limit;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout (must not exist).")
  Path outFile;

  @Option(names = "--json", description = "JSON lines (the only format; accepted for symmetry with other commands).")
  boolean json;

  /** Whether stderr is a terminal (the progress bar); tests set it. */
  boolean terminal = Progress.terminal();

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (apData == null && ssbData == null) {
      return bad(err, "give --ap-data DIR and/or --ssb-data DIR");
    }
    if (limit < 0) {
      return bad(err, "--limit must be 0 (all) or more");
    }
    if (apData != null && !Files.isDirectory(apData.resolve("actors"))) {
      return bad(err, apData + " is not an ActivityPub data folder (no actors/ in it)");
    }
    if (ssbData != null && !(Files.isRegularFile(ssbData.resolve(SsbAdapter.SECRET_FILE))
        && Files.isDirectory(ssbData.resolve(SsbAdapter.STORE_DIR)))) {
      return bad(err, ssbData + " is not an SSB data folder (no secret and store/ in it)");
    }
    Optional<IdentityId> only = Optional.empty();
    if (feed != null) {
      if (FeedId.isValid(feed)) {
        if (ssbData == null) {
          return bad(err, "--feed " + feed + " is an SSB feed; give --ssb-data");
        }
        only = Optional.of(IdentityId.of(Protocol.SSB, feed));
      } else if (feed.startsWith("https://") || feed.startsWith("http://")) {
        if (apData == null) {
          return bad(err, "--feed " + feed + " is an ActivityPub actor; give --ap-data");
        }
        only = Optional.of(IdentityId.of(Protocol.ACTIVITYPUB, feed));
      } else {
        return bad(err, "--feed must be an SSB feed id (@...=.ed25519) or an actor URL, was " + feed);
      }
    }
    if (outFile != null && Files.exists(outFile)) {
      return bad(err, outFile + " exists; refusing to overwrite it");
    }

    List<Iterator<Post>> sources = new ArrayList<>();
    Kith ssb = null;
    try {
      if (apData != null && only.map(i -> i.protocol().equals(Protocol.ACTIVITYPUB)).orElse(true)) {
        sources.add(apPosts(apData, only).iterator());
      }
      if (ssbData != null && only.map(i -> i.protocol().equals(Protocol.SSB)).orElse(true)) {
        SsbAdapter adapter = SsbAdapter.open(ssbData);
        ssb = Kith.builder().adapter(adapter).identity(adapter.localIdentity()).build();
        FeedQuery query = only.map(FeedQuery::author)
            .orElseGet(() -> FeedQuery.home(IdentityId.of(Protocol.SSB, adapter.feedId().toString())));
        sources.add(new Pages(ssb, query.limit(FeedQuery.MAX_LIMIT)));
      }
      long written = 0;
      Writer w = outFile == null ? spec.commandLine().getOut()
          : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
      try (Progress bar = Progress.on(err, terminal && outFile != null, limit)) {
        Iterator<Post> merged = merge(sources);
        while (merged.hasNext() && (limit == 0 || written < limit)) {
          w.write(JSON.writeValueAsString(line(merged.next())));
          w.write('\n');
          written++;
          if (written % 100 == 0) {
            bar.update(written, "posts");
          }
        }
        w.flush();
      } finally {
        if (outFile != null) {
          w.close(); // stdout stays open
        }
      }
      if (outFile != null) {
        err.println("kith export: " + written + " posts written to " + outFile);
      }
      return ExitCode.OK;
    } catch (KithException e) {
      err.println("kith export: " + e.getMessage().replace('\n', ' '));
      return Main.exitCodeOf(e);
    } finally {
      if (ssb != null) {
        ssb.close();
      }
    }
  }

  private int bad(PrintWriter err, String message) {
    err.println("kith export: " + message);
    return ExitCode.BAD_INPUT;
  }

  /** The posts the folder's actors published (the latest version of each), newest first. */
  static List<Post> apPosts(Path dir, Optional<IdentityId> only) {
    FileActors actors = FileActors.open(dir.resolve("actors"));
    FileObjectStore objects = FileObjectStore.open(dir.resolve("objects"));
    List<Post> posts = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (LocalActor a : actors.all()) {
      for (StoredObject o : objects.activities(a.username())) {
        o.document().embedded("object").flatMap(AsObject::id).map(URI::create).flatMap(objects::get)
            .map(StoredObject::document).filter(AsObject::isPost)
            .map(note -> ApMapper.DEFAULT.post(note).post())
            .filter(p -> only.map(p.author()::equals).orElse(true))
            .filter(p -> seen.add(p.id().value())) // an edit stores a second activity for the same note
            .ifPresent(posts::add);
      }
    }
    posts.sort(FeedPosition.POST_ORDER);
    return posts;
  }

  /** Merges newest-first sources into one newest-first sequence. */
  static Iterator<Post> merge(List<Iterator<Post>> sources) {
    record Head(Post post, Iterator<Post> rest) {}
    PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::post, FeedPosition.POST_ORDER));
    for (Iterator<Post> s : sources) {
      if (s.hasNext()) {
        heads.add(new Head(s.next(), s));
      }
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public Post next() {
        Head h = heads.poll();
        if (h == null) {
          throw new NoSuchElementException();
        }
        if (h.rest().hasNext()) {
          heads.add(new Head(h.rest().next(), h.rest()));
        }
        return h.post();
      }
    };
  }

  /** A feed read page by page through the client. */
  private static final class Pages implements Iterator<Post> {
    private final Kith kith;
    private final FeedQuery query;
    private Iterator<Post> page = java.util.Collections.emptyIterator();
    private Optional<Cursor> next = Optional.empty();
    private boolean started;

    Pages(Kith kith, FeedQuery query) {
      this.kith = kith;
      this.query = query;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && (!started || next.isPresent())) {
        FeedPage<Post> p = kith.feed(started ? query.after(next.get()) : query);
        started = true;
        page = p.items().iterator();
        next = p.next();
      }
      return page.hasNext();
    }

    @Override
    public Post next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }
  }

  /** One exported line. */
  static ObjectNode line(Post p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("protocol", p.protocol().id());
    o.put("id", p.id().value());
    o.put("author", p.author().value());
    o.put("createdAt", p.createdAt().toString());
    p.editedAt().ifPresent(t -> o.put("editedAt", t.toString()));
    o.put("text", p.content().plainText());
    o.put("html", p.content().html());
    o.put("inReplyTo", p.inReplyTo().map(x -> x.value()).orElse(null));
    o.put("threadRoot", p.conversation().value());
    o.put("visibility", p.visibility().name());
    o.put("contentWarning", p.contentWarning().orElse(null));
    ArrayNode mentions = o.putArray("mentions");
    for (Mention m : p.mentions()) {
      mentions.addObject().put("id", m.id().map(IdentityId::value).orElse(null)).put("name", m.display());
    }
    ArrayNode tags = o.putArray("hashtags");
    p.hashtags().forEach(tags::add);
    return o;
  }
}
