package social.kith.activitypub.discovery;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.fetch.ActorResolver;
import social.kith.activitypub.fetch.DocumentKind;
import social.kith.activitypub.fetch.FetchedDocument;
import social.kith.activitypub.fetch.JsonDocument;
import social.kith.activitypub.fetch.RemoteActor;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.activitypub.fetch.internal.Json;

/**
 * Resolves what a user types, a handle or a URL, to an ActivityPub actor or object, the way a
 * search box does. Handles go through {@link WebFingerClient} and then {@link ActorResolver};
 * URLs are fetched as ActivityStreams or HTML, and an HTML page's
 * {@code <link rel="alternate" type="application/activity+json">} is followed once. Every request
 * goes through the same guarded {@link RemoteFetcher}.
 *
 * <pre>{@code
 * ActorLookup lookup = ActorLookup.create(fetcher, ActorResolver.create(fetcher), WebFingerClient.create(fetcher));
 * ActorLookup.Result r = lookup.lookup("@alice@example.social");
 * }</pre>
 */
public final class ActorLookup {
  private final RemoteFetcher fetcher;
  private final ActorResolver actors;
  private final WebFingerClient webFinger;

  private ActorLookup(RemoteFetcher fetcher, ActorResolver actors, WebFingerClient webFinger) {
    this.fetcher = fetcher;
    this.actors = actors;
    this.webFinger = webFinger;
  }

  public static ActorLookup create(RemoteFetcher fetcher, ActorResolver actors, WebFingerClient webFinger) {
    return new ActorLookup(Objects.requireNonNull(fetcher, "fetcher"), Objects.requireNonNull(actors, "actors"),
        Objects.requireNonNull(webFinger, "webFinger"));
  }

  /**
   * What a lookup found.
   *
   * @param id the document's id
   * @param document the ActivityStreams document
   * @param actor the checked actor, when the document is one
   * @param handle the handle the lookup went through, when it started from one
   */
  public record Result(URI id, JsonDocument document, Optional<RemoteActor> actor, Optional<Handle> handle) {
    public Result {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(handle, "handle");
    }
  }

  /** True if {@code query} looks like a URL rather than a handle (it starts with a scheme). */
  public static boolean isUrl(String query) {
    String q = query.strip();
    int colon = q.indexOf(':');
    return colon > 0 && !q.regionMatches(true, 0, "acct:", 0, 5) && q.startsWith("//", colon + 1);
  }

  /**
   * Looks up a handle ({@code @user@host}, {@code user@host}, {@code acct:user@host}) or an
   * http(s) URL.
   *
   * @throws DiscoveryException for a query that is neither, or a discovery failure
   * @throws social.kith.activitypub.fetch.FetchException for refusals and fetch failures
   */
  public Result lookup(String query) {
    Objects.requireNonNull(query, "query");
    if (isUrl(query)) {
      URI uri = Json.httpUri(query.strip()).orElseThrow(() -> new DiscoveryException(
          DiscoveryError.UNRECOGNISED_QUERY, "'" + query + "' is not an http(s) URL"));
      return byUrl(uri);
    }
    return byHandle(Handle.parse(query));
  }

  /** The actor behind {@code handle}. */
  public Result byHandle(Handle handle) {
    WebFingerClient.Result wf = webFinger.lookup(handle);
    RemoteActor actor = actors.resolve(wf.actorId());
    JsonDocument doc = new JsonDocument(wf.actorId(), actor.id(), actor.document());
    return new Result(actor.id(), doc, Optional.of(actor), Optional.of(wf.canonical()));
  }

  /** The actor or object at {@code url}, following an HTML page's alternate link once. */
  public Result byUrl(URI url) {
    FetchedDocument fetched = fetcher.fetch(url, DocumentKind.ACTIVITY_OR_HTML);
    JsonDocument doc;
    if (fetched.isHtml()) {
      URI alternate = HtmlLinks.activityLink(fetched.text(), fetched.finalUri()).orElseThrow(() ->
          new DiscoveryException(DiscoveryError.NO_ALTERNATE_LINK,
              url + " is an HTML page without a link to an ActivityStreams document"));
      doc = fetcher.fetchActivity(alternate);
    } else {
      doc = fetcher.activity(fetched);
    }
    URI id = doc.id().orElseThrow();
    if (doc.hasType(ActorResolver.ACTOR_TYPES)) {
      RemoteActor actor = actors.validate(doc);
      return new Result(id, doc, Optional.of(actor), Optional.empty());
    }
    return new Result(id, doc, Optional.empty(), Optional.empty());
  }
}
