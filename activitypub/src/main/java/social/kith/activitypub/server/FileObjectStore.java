package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import social.kith.activitypub.server.internal.AtomicFiles;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.ErrorCode;
import social.kith.core.StorageException;
import social.kith.core.model.Visibility;

/**
 * An {@link ObjectStore} on disk: one JSON file per object under {@code objects/} (named by the
 * SHA-256 of its id, format version {@value #FORMAT_VERSION}) and one per owner under
 * {@code featured/}, each written atomically. Everything is loaded on open and served from memory.
 */
public final class FileObjectStore extends InMemoryObjectStore {
  /** The on-disk format version. */
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path objectsDir;
  private final Path featuredDir;

  private FileObjectStore(Path dir) {
    this.objectsDir = dir.resolve("objects");
    this.featuredDir = dir.resolve("featured");
  }

  /**
   * Opens (or creates) the store in {@code dir}.
   *
   * @throws StorageException {@code CORRUPT_DATA} for a file that does not parse or has another version
   */
  public static FileObjectStore open(Path dir) {
    FileObjectStore s = new FileObjectStore(dir);
    try {
      Files.createDirectories(s.objectsDir);
      Files.createDirectories(s.featuredDir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(s.objectsDir, "*.json")) {
        for (Path f : files) {
          s.loadObject(decode(readVersioned(f), f));
        }
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(s.featuredDir, "*.json")) {
        for (Path f : files) {
          JsonNode root = readVersioned(f);
          List<URI> ids = new ArrayList<>();
          root.path("ids").forEach(n -> ids.add(URI.create(n.asText())));
          s.loadFeatured(root.path("owner").asText(), ids);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new StorageException(ErrorCode.Standard.CORRUPT_DATA, "cannot load objects from " + dir, e);
    }
    return s;
  }

  private static JsonNode readVersioned(Path f) throws IOException {
    JsonNode root = JSON.readTree(Files.readAllBytes(f));
    if (root == null || root.path("version").asInt(-1) != FORMAT_VERSION) {
      throw new StorageException(ErrorCode.Standard.CORRUPT_DATA, f.getFileName() + ": unknown format version",
          null);
    }
    return root;
  }

  static ObjectNode encode(StoredObject o) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", FORMAT_VERSION);
    n.put("id", o.id().toString());
    n.put("owner", o.owner());
    n.put("visibility", o.visibility().name());
    ArrayNode recipients = n.putArray("recipients");
    o.recipients().stream().map(URI::toString).sorted().forEach(recipients::add);
    n.put("activity", o.activity());
    n.put("published", o.published().toString());
    try {
      n.set("document", JSON.readTree(o.document().toJson()));
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot encode " + o.id(), e);
    }
    return n;
  }

  static StoredObject decode(JsonNode n, Path where) {
    try {
      Set<URI> recipients = new HashSet<>();
      n.path("recipients").forEach(r -> recipients.add(URI.create(r.asText())));
      return new StoredObject(new URI(n.path("id").asText()), n.path("owner").asText(),
          Visibility.valueOf(n.path("visibility").asText()), recipients,
          AsParser.DEFAULT.parse(JSON.writeValueAsBytes(n.get("document"))), n.path("activity").asBoolean(),
          Instant.parse(n.path("published").asText()));
    } catch (Exception e) {
      throw new StorageException(ErrorCode.Standard.CORRUPT_DATA, where.getFileName() + ": bad object record", e);
    }
  }

  private Path fileOf(URI id) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(id.toString().getBytes(UTF_8));
      return objectsDir.resolve(HexFormat.of().formatHex(h) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }

  @Override
  void written(StoredObject object) {
    try {
      AtomicFiles.write(fileOf(object.id()), JSON.writeValueAsBytes(encode(object)));
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot encode " + object.id(), e);
    }
  }

  @Override
  void removed(StoredObject object) {
    try {
      Files.deleteIfExists(fileOf(object.id()));
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot remove " + object.id(), e);
    }
  }

  @Override
  void featuredWritten(String owner, List<URI> ids) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", FORMAT_VERSION);
    n.put("owner", owner);
    ArrayNode array = n.putArray("ids");
    ids.forEach(id -> array.add(id.toString()));
    if (!LocalActor.isUsername(owner)) {
      throw new IllegalArgumentException("not a local username: " + owner);
    }
    try {
      AtomicFiles.write(featuredDir.resolve(owner + ".json"), JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot encode featured", e);
    }
  }
}
