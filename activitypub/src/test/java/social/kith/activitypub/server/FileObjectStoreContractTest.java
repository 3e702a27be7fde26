package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.ErrorCode;
import social.kith.core.StorageException;
import social.kith.core.model.Visibility;

/** {@link ObjectStoreContract} for the file store, plus reopening and corruption. */
final class FileObjectStoreContractTest extends ObjectStoreContract {
  @TempDir
  Path dir;

  @Override
  ObjectStore store() {
    return FileObjectStore.open(dir);
  }

  @Test
  void survivesAReopen() {
    FileObjectStore s = FileObjectStore.open(dir);
    StoredObject a = object("a1", true, 5, Visibility.DIRECT);
    s.put(a);
    s.setFeatured("alice", List.of(a.id()));
    FileObjectStore again = FileObjectStore.open(dir);
    assertEquals(a, again.get(a.id()).orElseThrow());
    assertEquals(List.of(a.id()), again.featured("alice"));
  }

  @Test
  void aCorruptFileIsRefused() throws IOException {
    Files.createDirectories(dir.resolve("objects"));
    Files.writeString(dir.resolve("objects/x.json"), "{\"version\":1,\"id\":3}", UTF_8);
    assertEquals(ErrorCode.Standard.CORRUPT_DATA,
        assertThrows(StorageException.class, () -> FileObjectStore.open(dir)).code());
  }
}
