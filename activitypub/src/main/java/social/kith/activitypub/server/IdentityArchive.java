package social.kith.activitypub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.server.internal.AtomicFiles;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaPrivateKey;

/**
 * One identity as one JSON document, to back it up or move it to another installation: the
 * profile, the private key, followers and following, the objects it published and its pinned
 * objects ({@code "format": "kith-identity"}, version {@value #FORMAT_VERSION}).
 *
 * <p>The archive holds the private key: {@link #exportTo} writes it with mode 0600, and whoever
 * holds it can act as the identity. Object ids are kept as they are: restoring on the same domain
 * serves them again; moving to another domain keeps them as history (announcing the new home is a
 * {@code Move}, which is the application's step). {@link #importFrom} checks everything (version,
 * key against profile, owners) before it writes anything.
 */
public final class IdentityArchive {
  /** The archive format version. */
  public static final int FORMAT_VERSION = 1;
  /** The most bytes an archive may have when read back. */
  public static final int MAX_BYTES = 256 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private IdentityArchive() {}

  /** The archive of {@code username} as JSON bytes (secret: it holds the private key). */
  public static byte[] export(String username, FileActors actors, FollowerStore follows, InMemoryObjectStore objects) {
    LocalActor actor = actors.find(username).orElseThrow(() -> new InvalidInputException(
        ErrorCode.Standard.INVALID_INPUT, "no actor " + username));
    RsaPrivateKey key = actors.privateKey(username).orElseThrow();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "kith-identity");
    root.put("version", FORMAT_VERSION);
    root.set("actor", FileActors.encodeProfile(actor));
    root.put("privateKeyPem", Pem.writePkcs8(key));
    root.set("followers", FileFollowerStore.toJson(follows.list(username, Direction.FOLLOWERS)));
    root.set("following", FileFollowerStore.toJson(follows.list(username, Direction.FOLLOWING)));
    ArrayNode objs = root.putArray("objects");
    for (StoredObject o : objects.all()) {
      if (o.owner().equals(username)) {
        objs.add(FileObjectStore.encode(o));
      }
    }
    ArrayNode featured = root.putArray("featured");
    objects.featured(username).forEach(id -> featured.add(id.toString()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the archive", e);
    }
  }

  /** Writes the archive to {@code file} atomically with mode 0600. */
  public static void exportTo(Path file, String username, FileActors actors, FollowerStore follows,
      InMemoryObjectStore objects) {
    AtomicFiles.write(file, export(username, actors, follows, objects), AtomicFiles.OWNER_ONLY);
  }

  /**
   * Restores an identity from an archive into the given stores (replacing an actor of that name).
   *
   * @return the imported actor
   * @throws InvalidInputException if the archive is not a Kith identity of this version, does not
   *     parse, or its key does not match its profile; then nothing was written
   */
  public static LocalActor importFrom(byte[] archive, FileActors actors, FollowerStore follows, ObjectStore objects) {
    if (archive.length > MAX_BYTES) {
      throw new InvalidInputException(ErrorCode.Standard.LIMIT_EXCEEDED, "the archive is too large");
    }
    JsonNode root;
    try {
      root = JSON.readTree(archive);
    } catch (IOException e) {
      throw invalid("the archive is not JSON");
    }
    if (root == null || !"kith-identity".equals(root.path("format").asText())
        || root.path("version").asInt(-1) != FORMAT_VERSION) {
      throw invalid("not a kith-identity archive of version " + FORMAT_VERSION);
    }
    // Decode and check everything first: a bad archive writes nothing.
    LocalActor actor = FileActors.decodeProfile(root.get("actor"));
    RsaPrivateKey key;
    try {
      key = Pem.rsaPrivateKey(root.path("privateKeyPem").asText());
      FileActors.checkPair(actor, key);
    } catch (RuntimeException e) {
      throw invalid("the archive's key does not load or does not match its profile");
    }
    String name = actor.username();
    List<FollowRecord> followers = records(root.path("followers"));
    List<FollowRecord> following = records(root.path("following"));
    List<StoredObject> objs = new ArrayList<>();
    for (JsonNode o : root.path("objects")) {
      StoredObject so;
      try {
        so = FileObjectStore.decode(o, Path.of("archive"));
      } catch (RuntimeException e) {
        throw invalid("an object in the archive does not decode");
      }
      if (!so.owner().equals(name)) {
        throw invalid("the archive holds an object of another owner");
      }
      objs.add(so);
    }
    List<URI> featured = new ArrayList<>();
    for (JsonNode f : root.path("featured")) {
      featured.add(uri(f.asText()));
    }
    actors.save(actor, key);
    followers.forEach(r -> follows.put(name, Direction.FOLLOWERS, r));
    following.forEach(r -> follows.put(name, Direction.FOLLOWING, r));
    objs.forEach(objects::put);
    objects.setFeatured(name, featured);
    return actor;
  }

  private static List<FollowRecord> records(JsonNode array) {
    List<FollowRecord> out = new ArrayList<>();
    if (!array.isArray()) {
      throw invalid("a follow list is not an array");
    }
    for (JsonNode n : array) {
      try {
        out.add(new FollowRecord(uri(n.path("remote").asText()),
            n.hasNonNull("activity") ? Optional.of(uri(n.get("activity").asText())) : Optional.empty(),
            FollowState.valueOf(n.path("state").asText()), Instant.parse(n.path("since").asText())));
      } catch (RuntimeException e) {
        throw invalid("a follow record does not decode");
      }
    }
    return out;
  }

  private static URI uri(String s) {
    try {
      URI u = new URI(s);
      if (!u.isAbsolute()) {
        throw invalid("not an absolute URI in the archive");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw invalid("not a URI in the archive");
    }
  }

  private static InvalidInputException invalid(String why) {
    return new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, why);
  }
}
