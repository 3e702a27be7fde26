package social.kith.ssb.blobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.crypto.Hashes;
import social.kith.ssb.BlobId;

class BlobStoreTest {
  @TempDir Path dir;

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static BlobId idOf(byte[] data) {
    return BlobId.of(Hashes.sha256(data));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /** Expects {@code code} and that no file appeared or changed. */
  private void refused(BlobError code, ThrowingRunnable call) throws IOException {
    List<String> before = files();
    BlobException e = assertThrows(BlobException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(before, files(), "nothing stored, no temporary file left");
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Throwable;
  }

  @Test
  void storesByHashUnderAShardedHexPathAndReadsBack() throws IOException {
    BlobStore store = BlobStore.open(dir);
    byte[] data = bytes(200_000, 7);
    BlobId id = store.put(new ByteArrayInputStream(data), idOf(data));
    assertEquals(idOf(data), id);
    assertTrue(store.has(id));
    assertEquals(OptionalLong.of(data.length), store.size(id));
    assertArrayEquals(data, store.getBytes(id).orElseThrow());
    String hex = HexFormat.of().formatHex(id.bytes());
    assertEquals(List.of("sha256/" + hex.substring(0, 2) + "/" + hex), files());
    // The same blob again, and with no expected id: same file.
    assertEquals(id, store.put(data));
    assertEquals(id, store.put(new ByteArrayInputStream(data)));
    assertEquals(1, files().size());
    assertTrue(store.delete(id));
    assertFalse(store.delete(id));
    assertFalse(store.has(id));
    assertTrue(store.get(id).isEmpty());
    assertEquals(OptionalLong.empty(), store.size(id));
  }

  @Test
  void aWrongHashStoresNothing() throws IOException {
    BlobStore store = BlobStore.open(dir);
    byte[] data = bytes(1000, 1);
    BlobId other = idOf(bytes(1000, 2));
    refused(BlobError.HASH_MISMATCH, () -> store.put(new ByteArrayInputStream(data), other));
    assertFalse(store.has(other));
    assertFalse(store.has(idOf(data)));
  }

  @Test
  void aSliceIsNeverTakenForTheWholeBlob() throws IOException {
    BlobStore store = BlobStore.open(dir);
    byte[] data = bytes(10_000, 3);
    BlobId id = store.put(data);
    BlobSlice slice = store.getSlice(id, 100, 600).orElseThrow();
    assertArrayEquals(Arrays.copyOfRange(data, 100, 600), slice.data());
    assertFalse(slice.verified());
    assertEquals(500, store.getSlice(id, 9_500, 1_000_000).orElseThrow().data().length, "cut at the end");
    assertTrue(store.getSlice(idOf(new byte[1]), 0, 1).isEmpty());
    BlobStore other = BlobStore.open(dir.resolve("other"));
    List<String> before = files();
    BlobException e = assertThrows(BlobException.class, () -> other.put(new ByteArrayInputStream(slice.data()), id));
    assertEquals(BlobError.HASH_MISMATCH, e.code());
    assertFalse(other.has(id));
    assertEquals(before, files());
  }

  @Test
  void aStreamOverTheCapIsAbandonedWithoutReadingOn() throws IOException {
    BlobStore store = BlobStore.open(dir, 4096);
    assertEquals(BlobStore.DEFAULT_MAX_SIZE, BlobStore.open(dir.resolve("d")).maxSize());
    Files.delete(dir.resolve("d").resolve("sha256"));
    Files.delete(dir.resolve("d").resolve("tmp"));
    Files.delete(dir.resolve("d"));
    byte[] exactly = bytes(4096, 4);
    assertEquals(idOf(exactly), store.put(exactly));
    store.delete(idOf(exactly));
    // An endless stream: the store must stop at the cap rather than buffer or drain it.
    CountingStream endless = new CountingStream(Long.MAX_VALUE);
    refused(BlobError.TOO_LARGE, () -> store.put(endless, null));
    assertTrue(endless.read <= 4097 + 65536, "read " + endless.read + " bytes");
    refused(BlobError.TOO_LARGE, () -> store.put(new ByteArrayInputStream(bytes(4097, 4)), null));
    refused(BlobError.TOO_LARGE, () -> store.put(new ByteArrayInputStream(exactly), idOf(exactly), 4097));
  }

  @Test
  void aDeclaredSizeMustMatch() throws IOException {
    BlobStore store = BlobStore.open(dir);
    byte[] data = bytes(3000, 5);
    refused(BlobError.SIZE_MISMATCH, () -> store.put(new ByteArrayInputStream(data), idOf(data), 2999));
    refused(BlobError.SIZE_MISMATCH, () -> store.put(new ByteArrayInputStream(data), idOf(data), 3001));
    assertEquals(idOf(data), store.put(new ByteArrayInputStream(data), idOf(data), 3000));
  }

  @Test
  void aTruncatedOrFailingStreamStoresNothing() throws IOException {
    BlobStore store = BlobStore.open(dir);
    byte[] data = bytes(100_000, 6);
    // Ends early: the hash cannot match.
    refused(BlobError.HASH_MISMATCH,
        () -> store.put(new ByteArrayInputStream(Arrays.copyOf(data, 50_000)), idOf(data)));
    // Fails mid-way (a dropped connection).
    InputStream failing = new InputStream() {
      private int n;

      @Override
      public int read() throws IOException {
        if (n++ > 70_000) {
          throw new IOException("connection reset");
        }
        return data[n - 1] & 0xff;
      }
    };
    refused(BlobError.READ_FAILED, () -> store.put(failing, idOf(data)));
    refused(BlobError.READ_FAILED, () -> store.put(new CountingStream(10).failing(), null));
  }

  @Test
  void readsNoticeDiskDamageAndOpenRemovesUnfinishedUploads() throws IOException {
    BlobStore store = BlobStore.open(dir);
    byte[] data = bytes(5000, 8);
    BlobId id = store.put(data);
    String hex = HexFormat.of().formatHex(id.bytes());
    Path file = dir.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
    byte[] damaged = data.clone();
    damaged[10] ^= 1;
    Files.write(file, damaged);
    BlobException e = assertThrows(BlobException.class, () -> store.getBytes(id));
    assertEquals(BlobError.STORAGE_FAILURE, e.code());
    Files.writeString(dir.resolve("tmp").resolve("put-1.part"), "half an upload");
    BlobStore.open(dir);
    assertFalse(Files.exists(dir.resolve("tmp").resolve("put-1.part")));
  }

  /** Zeros, {@code size} of them; counts what was read. */
  private static final class CountingStream extends InputStream {
    private final long size;
    private boolean fail;
    long read;

    CountingStream(long size) {
      this.size = size;
    }

    CountingStream failing() {
      fail = true;
      return this;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= size) {
        if (fail) {
          throw new IOException("broken pipe");
        }
        return -1;
      }
      int n = (int) Math.min(len, size - read);
      Arrays.fill(b, off, off + n, (byte) 0);
      read += n;
      return n;
    }
  }
}
