package social.kith.activitypub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.kith.activitypub.server.internal.AtomicFiles;
import social.kith.core.ErrorCode;
import social.kith.core.StorageException;

/**
 * A {@link FollowerStore} on disk: one JSON file per local actor ({@code <username>.follows.json},
 * format version {@value #FORMAT_VERSION}), rewritten atomically on every change and read back on
 * open. Meant for the follower counts of a personal server or a bot (thousands, not millions);
 * back the seam with a database beyond that.
 */
public final class FileFollowerStore extends InMemoryFollowerStore {
  /** The on-disk format version; a file with another version is refused, never guessed at. */
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".follows.json";

  private final Path dir;

  private FileFollowerStore(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens (or creates) the store in {@code dir}.
   *
   * @throws StorageException {@code CORRUPT_DATA} for a file that does not parse or has another version
   */
  public static FileFollowerStore open(Path dir) {
    FileFollowerStore s = new FileFollowerStore(dir);
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          String local = name.substring(0, name.length() - SUFFIX.length());
          if (LocalActor.isUsername(local)) {
            s.read(local, f);
          }
        }
      }
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot open " + dir, e);
    }
    return s;
  }

  private void read(String local, Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw corrupt(file, "not JSON", e);
    }
    if (root == null || !root.path("version").isInt() || root.get("version").asInt() != FORMAT_VERSION) {
      throw corrupt(file, "unknown format version", null);
    }
    load(local, Direction.FOLLOWERS, records(root.path("followers"), file));
    load(local, Direction.FOLLOWING, records(root.path("following"), file));
  }

  private static List<FollowRecord> records(JsonNode array, Path file) {
    List<FollowRecord> out = new ArrayList<>();
    if (!array.isArray()) {
      throw corrupt(file, "a follow list is not an array", null);
    }
    for (JsonNode n : array) {
      try {
        URI remote = new URI(n.path("remote").asText());
        Optional<URI> activity = n.hasNonNull("activity") ? Optional.of(new URI(n.get("activity").asText()))
            : Optional.empty();
        FollowState state = FollowState.valueOf(n.path("state").asText());
        Instant since = Instant.parse(n.path("since").asText());
        out.add(new FollowRecord(remote, activity, state, since));
      } catch (Exception e) {
        throw corrupt(file, "a follow record does not parse", e);
      }
    }
    return out;
  }

  private static StorageException corrupt(Path file, String why, Throwable cause) {
    return new StorageException(ErrorCode.Standard.CORRUPT_DATA, file.getFileName() + ": " + why, cause);
  }

  @Override
  void changed(String local) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", FORMAT_VERSION);
    root.set("followers", toJson(list(local, Direction.FOLLOWERS)));
    root.set("following", toJson(list(local, Direction.FOLLOWING)));
    try {
      AtomicFiles.write(dir.resolve(local + SUFFIX), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot encode follows", e);
    }
  }

  static ArrayNode toJson(List<FollowRecord> records) {
    ArrayNode a = JSON.createArrayNode();
    for (FollowRecord r : records) {
      ObjectNode n = a.addObject();
      n.put("remote", r.remote().toString());
      r.activityId().ifPresent(id -> n.put("activity", id.toString()));
      n.put("state", r.state().name());
      n.put("since", r.since().toString());
    }
    return a;
  }
}
