package social.kith.core.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * Who someone is on one protocol: the public profile and keys of a local or remote identity. A
 * person present on two protocols has two identities. Private keys live only in {@link LocalIdentity}.
 *
 * @param id the stable id (actor URI, SSB feed id)
 * @param handle the human-friendly handle, e.g. {@code @alice@example.com}, when the protocol has one
 * @param displayName the chosen name, empty when none (at most {@value #MAX_DISPLAY_NAME} characters)
 * @param bio the profile text
 * @param avatar the avatar image, when set
 * @param keys the public keys the identity publishes (at most {@value #MAX_KEYS}); ids are distinct
 */
public record Identity(IdentityId id, Optional<String> handle, String displayName, Content bio,
    Optional<URI> avatar, List<IdentityKey> keys) {
  /** The longest handle accepted. */
  public static final int MAX_HANDLE = 512;
  /** The longest display name accepted. */
  public static final int MAX_DISPLAY_NAME = 1000;
  /** The most public keys kept for one identity. */
  public static final int MAX_KEYS = 16;

  public Identity {
    Checks.present(id, "identity id");
    Checks.present(handle, "handle");
    handle.ifPresent(h -> Checks.word(h, "handle", MAX_HANDLE));
    Checks.text(displayName, "display name", MAX_DISPLAY_NAME);
    Checks.present(bio, "bio");
    Checks.present(avatar, "avatar");
    avatar.ifPresent(a -> Checks.uri(a, "avatar"));
    keys = Checks.list(keys, "keys", MAX_KEYS);
    if (keys.stream().map(IdentityKey::keyId).distinct().count() != keys.size()) {
      throw new InvalidInputException("keys have duplicate key ids");
    }
  }

  /** The protocol this identity lives on. */
  public Protocol protocol() {
    return id.protocol();
  }

  /** The key with this id, if the identity publishes it. */
  public Optional<IdentityKey> key(String keyId) {
    return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
  }

  /** A builder for an identity with this id. */
  public static Builder builder(IdentityId id) {
    return new Builder(id);
  }

  /** A builder that starts from this identity. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.handle = handle.orElse(null);
    b.displayName = displayName;
    b.bio = bio;
    b.avatar = avatar.orElse(null);
    b.keys.addAll(keys);
    return b;
  }

  /** Collects an identity; {@link #build} validates it. Not thread-safe. */
  public static final class Builder {
    private final IdentityId id;
    private String handle;
    private String displayName = "";
    private Content bio = Content.EMPTY;
    private URI avatar;
    private final List<IdentityKey> keys = new ArrayList<>();

    private Builder(IdentityId id) {
      this.id = Checks.present(id, "identity id");
    }

    public Builder handle(String handle) {
      this.handle = Checks.word(handle, "handle", MAX_HANDLE);
      return this;
    }

    public Builder displayName(String displayName) {
      this.displayName = Checks.text(displayName, "display name", MAX_DISPLAY_NAME);
      return this;
    }

    public Builder bio(Content bio) {
      this.bio = Checks.present(bio, "bio");
      return this;
    }

    public Builder avatar(URI avatar) {
      this.avatar = Checks.uri(avatar, "avatar");
      return this;
    }

    /** Adds a public key; a key id given twice is refused. */
    public Builder key(IdentityKey key) {
      Checks.present(key, "key");
      if (keys.stream().anyMatch(k -> k.keyId().equals(key.keyId()))) {
        throw new InvalidInputException("key id " + key.keyId() + " was already added");
      }
      keys.add(key);
      return this;
    }

    public Identity build() {
      return new Identity(id, Optional.ofNullable(handle), displayName, bio, Optional.ofNullable(avatar), keys);
    }
  }
}
