package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import social.kith.activitypub.server.internal.AtomicFiles;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.StorageException;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/**
 * Local actors on disk, with their keys: {@code <dir>/<username>/actor.json} (the public profile,
 * format version {@value #FORMAT_VERSION}) and {@code <dir>/<username>/key.pem} (the RSA-2048
 * private key as PKCS#8 PEM, file mode 0600 on POSIX systems, created with that mode so it is never
 * readable by others). Every file is written atomically. Thread-safe; {@link #find} serves from
 * memory.
 */
public final class FileActors implements LocalActors {
  /** The on-disk format version of {@code actor.json}. */
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Map<String, LocalActor> actors = new LinkedHashMap<>();
  private final Map<String, RsaPrivateKey> keys = new LinkedHashMap<>();

  private FileActors(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens (or creates) the directory and loads every actor in it.
   *
   * @throws StorageException {@code CORRUPT_DATA} if a profile or key does not parse, has another
   *     version, or the key does not match the published public key
   */
  public static FileActors open(Path dir) {
    FileActors a = new FileActors(dir);
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> subdirs = Files.newDirectoryStream(dir, Files::isDirectory)) {
        for (Path sub : subdirs) {
          String name = sub.getFileName().toString();
          if (LocalActor.isUsername(name) && Files.exists(sub.resolve("actor.json"))) {
            a.load(name, sub);
          }
        }
      }
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot open " + dir, e);
    }
    return a;
  }

  private void load(String name, Path sub) throws IOException {
    LocalActor actor;
    RsaPrivateKey key;
    try {
      actor = decodeProfile(JSON.readTree(Files.readAllBytes(sub.resolve("actor.json"))));
      key = Pem.rsaPrivateKey(Files.readString(sub.resolve("key.pem"), US_ASCII));
    } catch (IOException | RuntimeException e) {
      throw new StorageException(ErrorCode.Standard.CORRUPT_DATA, "actor " + name + " does not load", e);
    }
    if (!actor.username().equals(name)) {
      throw new StorageException(ErrorCode.Standard.CORRUPT_DATA, "actor " + name + " names another user", null);
    }
    checkPair(actor, key);
    actors.put(name, actor);
    keys.put(name, key);
  }

  static void checkPair(LocalActor actor, RsaPrivateKey key) {
    String derived = Pem.writeSpki(key.verifyingKey()).strip();
    if (!derived.equals(actor.publicKeyPem().strip())) { // not secret: public keys
      throw new StorageException(ErrorCode.Standard.CORRUPT_DATA, "the key of " + actor.username()
          + " does not match its published public key", null);
    }
  }

  /**
   * Creates a {@code Person} with a new RSA-2048 key.
   *
   * @throws InvalidInputException if the username is taken or invalid
   */
  public synchronized LocalActor create(String username, String displayName) {
    if (!LocalActor.isUsername(username)) {
      throw new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, "a username is 1 to 64 of [a-z0-9_]");
    }
    if (actors.containsKey(username)) {
      throw new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, "the username " + username + " is taken");
    }
    RsaPrivateKey key = RsaKeys.generate(2048);
    LocalActor actor = LocalActor.person(username, displayName, Pem.writeSpki(key.verifyingKey()));
    save(actor, key);
    return actor;
  }

  /** Writes {@code actor} and {@code key} (import and restore); replaces an actor of that name. */
  synchronized void save(LocalActor actor, RsaPrivateKey key) {
    checkPair(actor, key);
    Path sub = dir.resolve(actor.username());
    AtomicFiles.write(sub.resolve("key.pem"), Pem.writePkcs8(key).getBytes(US_ASCII), AtomicFiles.OWNER_ONLY);
    writeProfile(actor);
    actors.put(actor.username(), actor);
    keys.put(actor.username(), key);
  }

  /**
   * Replaces the public profile (name, bio, lock, aliases); the key stays.
   *
   * @throws InvalidInputException if there is no such actor or the profile names another key
   */
  public synchronized void update(LocalActor actor) {
    RsaPrivateKey key = keys.get(actor.username());
    if (key == null) {
      throw new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, "no actor " + actor.username());
    }
    try {
      checkPair(actor, key);
    } catch (StorageException e) {
      throw new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, "the profile must keep the actor's key");
    }
    writeProfile(actor);
    actors.put(actor.username(), actor);
  }

  private void writeProfile(LocalActor actor) {
    try {
      AtomicFiles.write(dir.resolve(actor.username()).resolve("actor.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(encodeProfile(actor)));
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot encode the profile", e);
    }
  }

  static ObjectNode encodeProfile(LocalActor a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", FORMAT_VERSION);
    n.put("username", a.username());
    n.put("type", a.type());
    a.name().ifPresent(v -> n.put("name", v));
    a.summary().ifPresent(v -> n.put("summary", v));
    n.put("manuallyApprovesFollowers", a.manuallyApprovesFollowers());
    a.alsoKnownAs().forEach(n.putArray("alsoKnownAs")::add);
    n.put("publicKeyPem", a.publicKeyPem());
    return n;
  }

  static LocalActor decodeProfile(JsonNode n) {
    if (n == null || n.path("version").asInt(-1) != FORMAT_VERSION) {
      throw new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, "unknown profile format version");
    }
    List<String> aka = new ArrayList<>();
    n.path("alsoKnownAs").forEach(v -> aka.add(v.asText()));
    try {
      return new LocalActor(n.path("username").asText(), n.path("type").asText(),
          Optional.ofNullable(n.get("name")).map(JsonNode::asText), Optional.ofNullable(n.get("summary"))
          .map(JsonNode::asText), n.path("publicKeyPem").asText(), n.path("manuallyApprovesFollowers").asBoolean(),
          aka);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, "a bad profile: " + e.getMessage());
    }
  }

  @Override
  public synchronized Optional<LocalActor> find(String username) {
    return Optional.ofNullable(actors.get(username));
  }

  @Override
  public synchronized List<LocalActor> all() {
    return List.copyOf(actors.values());
  }

  /** The private key of {@code username}, for signing; never logged. */
  public synchronized Optional<RsaPrivateKey> privateKey(String username) {
    return Optional.ofNullable(keys.get(username));
  }

  /** The signing credential ({@code keyId} = the actor's {@code #main-key}) for outgoing requests. */
  public Optional<SigningCredential> credential(String username, ActorUrls urls) {
    return privateKey(username).map(k -> SigningCredential.of(urls.keyId(username).toString(), k));
  }

  /** The path of an actor's key file (tests check its mode). */
  public Path keyFile(String username) {
    return dir.resolve(username).resolve("key.pem");
  }

  @Override
  public String toString() {
    return "FileActors[" + dir + ", " + actors.size() + " actors]";
  }

}
