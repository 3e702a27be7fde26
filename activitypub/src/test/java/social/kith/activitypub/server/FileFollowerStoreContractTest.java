package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.ErrorCode;
import social.kith.core.StorageException;

/** {@link FollowerStoreContract} for the file store, plus reopening, corruption and failed writes. */
final class FileFollowerStoreContractTest extends FollowerStoreContract {
  @TempDir
  Path dir;

  @Override
  FollowerStore store() {
    return FileFollowerStore.open(dir);
  }

  @Test
  void survivesAReopen() {
    FileFollowerStore s = FileFollowerStore.open(dir);
    s.put("alice", Direction.FOLLOWERS, new FollowRecord(BOB, Optional.of(URI.create("https://remote.example/f/1")),
        FollowState.ACCEPTED, T));
    s.put("alice", Direction.FOLLOWING, new FollowRecord(DAN, Optional.empty(), FollowState.PENDING, T));
    FileFollowerStore again = FileFollowerStore.open(dir);
    assertEquals(s.list("alice", Direction.FOLLOWERS), again.list("alice", Direction.FOLLOWERS));
    assertEquals(s.list("alice", Direction.FOLLOWING), again.list("alice", Direction.FOLLOWING));
  }

  @Test
  void aCorruptOrForeignFileIsRefusedNotGuessedAt() throws IOException {
    Files.writeString(dir.resolve("alice.follows.json"), "{\"version\":1,\"followers\":[{\"remote\":", UTF_8);
    StorageException e = assertThrows(StorageException.class, () -> FileFollowerStore.open(dir));
    assertEquals(ErrorCode.Standard.CORRUPT_DATA, e.code());
    Files.writeString(dir.resolve("alice.follows.json"), "{\"version\":2,\"followers\":[],\"following\":[]}", UTF_8);
    assertEquals(ErrorCode.Standard.CORRUPT_DATA,
        assertThrows(StorageException.class, () -> FileFollowerStore.open(dir)).code());
  }

  @Test
  void aFailedWriteLeavesMemoryAndDiskUnchanged() throws IOException {
    FileFollowerStore s = FileFollowerStore.open(dir);
    s.put("alice", Direction.FOLLOWERS, new FollowRecord(BOB, Optional.empty(), FollowState.ACCEPTED, T));
    // Make the target a directory: the atomic rename fails.
    Path target = dir.resolve("alice.follows.json");
    Files.delete(target);
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep"), "x");
    assertThrows(StorageException.class, () -> s.put("alice", Direction.FOLLOWERS,
        new FollowRecord(DAN, Optional.empty(), FollowState.ACCEPTED, T)));
    assertEquals(1, s.list("alice", Direction.FOLLOWERS).size(), "memory rolled back");
  }
}
