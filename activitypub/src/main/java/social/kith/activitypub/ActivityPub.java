package social.kith.activitypub;

/** Constants of the ActivityPub and ActivityStreams 2.0 specifications that every part of the module shares. */
public final class ActivityPub {
  private ActivityPub() {}

  /** The ActivityStreams media type, as servers send and expect it. */
  public static final String MEDIA_TYPE = "application/activity+json";

  /** The JSON-LD profile form of the media type (RFC 7033 clients and some servers ask for it). */
  public static final String LD_MEDIA_TYPE =
      "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

  /** The {@code Accept} header of an ActivityPub fetch: both forms, the JSON-LD profile first. */
  public static final String ACCEPT = LD_MEDIA_TYPE + ", " + MEDIA_TYPE;

  /** The ActivityStreams context IRI. */
  public static final String CONTEXT = "https://www.w3.org/ns/activitystreams";

  /** The special collection that addresses an object to everyone. */
  public static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
}
