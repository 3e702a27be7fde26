package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote actor that passed {@link ActorResolver}'s checks (checklist item 40): an actor type, an
 * id equal to the URL it was fetched from, a public inbox, and well-formed keys that it owns.
 * Immutable: {@link #document()} returns a copy of the native document.
 *
 * @param id the actor id
 * @param type the first actor type ({@code Person}, {@code Service}, {@code Application},
 *     {@code Group} or {@code Organization})
 * @param inbox the inbox (checked by the SSRF guard's URL rules)
 * @param sharedInbox {@code endpoints.sharedInbox}, if any
 * @param outbox the outbox, if any
 * @param followers the followers collection, if any
 * @param following the following collection, if any
 * @param preferredUsername the username, if any
 * @param name the display name, if any
 * @param publicKeys the keys the actor lists (possibly none)
 * @param document the native document
 */
public record RemoteActor(URI id, String type, URI inbox, Optional<URI> sharedInbox, Optional<URI> outbox,
    Optional<URI> followers, Optional<URI> following, Optional<String> preferredUsername, Optional<String> name,
    List<ActorKey> publicKeys, ObjectNode document) {

  public RemoteActor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(sharedInbox, "sharedInbox");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(followers, "followers");
    Objects.requireNonNull(following, "following");
    Objects.requireNonNull(preferredUsername, "preferredUsername");
    Objects.requireNonNull(name, "name");
    publicKeys = List.copyOf(publicKeys);
    document = document.deepCopy();
  }

  /** A copy of the native document. */
  @Override
  public ObjectNode document() {
    return document.deepCopy();
  }

  /** The key listed under {@code keyId} (fragments compared after percent-decoding), if any. */
  public Optional<ActorKey> key(URI keyId) {
    return publicKeys.stream().filter(k -> Urls.sameWithFragment(k.id(), keyId)).findFirst();
  }
}
