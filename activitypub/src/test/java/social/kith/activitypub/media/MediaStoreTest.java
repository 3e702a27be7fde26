package social.kith.activitypub.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The content-addressed media store: what it keeps, what it refuses, and that a refusal leaves nothing. */
class MediaStoreTest {
  @TempDir
  Path dir;

  private MediaStore store() {
    return MediaStore.open(dir.resolve("media"));
  }

  /** Every regular file under the store (data, .meta and temporary files alike). */
  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  private void assertNothingStored() throws IOException {
    assertEquals(List.of(), files(), "a refused put leaves no file, not even a temporary one");
  }

  @Test
  void putStoresUnderTheHashWithTypeAndSize() throws Exception {
    MediaStore s = store();
    byte[] png = MediaSamples.png(640, 480, "a cat");
    StoredMedia m = s.put(png, "image/png");
    assertEquals(MediaSamples.sha256(png), m.id());
    assertEquals("image/png", m.mediaType());
    assertEquals(png.length, m.size());
    assertEquals(OptionalInt.of(640), m.width());
    assertEquals(OptionalInt.of(480), m.height());
    assertEquals(Optional.of(m), s.find(m.id()));
    assertTrue(s.has(m.id()));
    assertArrayEquals(png, s.bytes(m.id()).orElseThrow());
    try (InputStream in = s.read(m.id(), 8).orElseThrow()) {
      assertArrayEquals(java.util.Arrays.copyOfRange(png, 8, png.length), in.readAllBytes(), "read from an offset");
    }
    assertEquals(Set.of(dir.resolve("media/sha256/" + m.id().substring(0, 2) + "/" + m.id()),
        dir.resolve("media/sha256/" + m.id().substring(0, 2) + "/" + m.id() + ".meta")), Set.copyOf(files()));
  }

  @Test
  void theDeclaredTypeIsNormalisedAndPixelSizesAreReadFromHeaders() {
    MediaStore s = store();
    assertEquals("image/jpeg", s.put(MediaSamples.jpeg(800, 600), " Image/JPEG ").mediaType());
    StoredMedia jpeg = s.put(MediaSamples.jpeg(1024, 768), "image/jpeg");
    assertEquals(OptionalInt.of(1024), jpeg.width(), "the SOF0 header after an APP1 segment");
    assertEquals(OptionalInt.of(768), jpeg.height());
    StoredMedia gif = s.put(MediaSamples.gif(16, 9), "image/gif");
    assertEquals(List.of(16, 9), List.of(gif.width().getAsInt(), gif.height().getAsInt()));
    StoredMedia webp = s.put(MediaSamples.webp(300, 200), "image/webp");
    assertEquals(List.of(300, 200), List.of(webp.width().getAsInt(), webp.height().getAsInt()));
    StoredMedia audio = s.put(MediaSamples.oneOfEach().get("audio/ogg"), "audio/ogg");
    assertEquals(OptionalInt.empty(), audio.width(), "no pixel size for sound");
  }

  @Test
  void everyAllowedTypeIsAcceptedWithItsOwnSignatureAndNoOther() throws Exception {
    Map<String, byte[]> samples = MediaSamples.oneOfEach();
    assertEquals(MediaTypes.SAFE, samples.keySet(), "one sample per allowed type");
    MediaStore s = store();
    for (Map.Entry<String, byte[]> e : samples.entrySet()) {
      assertEquals(e.getKey(), s.put(e.getValue(), e.getKey()).mediaType());
      for (String other : MediaTypes.SAFE) {
        assertEquals(other.equals(e.getKey()), MediaTypes.matches(other, e.getValue(), e.getValue().length),
            e.getKey() + " sample checked as " + other);
      }
    }
    assertEquals(2 * samples.size(), files().size(), "each file and its .meta");
  }

  @Test
  void identicalContentIsStoredOnce() throws Exception {
    MediaStore s = store();
    byte[] png = MediaSamples.png("same");
    StoredMedia first = s.put(png, "image/png");
    StoredMedia second = s.put(new ByteArrayInputStream(png), "image/png");
    assertEquals(first, second);
    assertEquals(2, files().size());
    assertTrue(s.delete(first.id()));
    assertFalse(s.delete(first.id()));
    assertEquals(Optional.empty(), s.find(first.id()));
    assertNothingStored();
  }

  @Test
  void aRestartKeepsTheFilesWithTheirTypesAndSizes() {
    StoredMedia png = store().put(MediaSamples.png(33, 44, "kept"), "image/png");
    StoredMedia mp4 = store().put(MediaSamples.oneOfEach().get("video/mp4"), "video/mp4");
    MediaStore again = store();
    assertEquals(Optional.of(png), again.find(png.id()));
    assertEquals(Optional.of(mp4), again.find(mp4.id()));
    assertEquals("video/mp4", again.find(mp4.id()).orElseThrow().mediaType());
  }

  @Test
  void theCapIsEnforcedWhileStreamingAndNothingIsLeftBehind() throws Exception {
    MediaStore s = MediaStore.builder().directory(dir.resolve("media")).maxBytes(100_000).build();
    byte[] start = MediaSamples.png("endless");
    long[] served = {0};
    InputStream endless = new InputStream() { // a valid PNG start, then bytes forever
      @Override
      public int read() {
        return served[0] < start.length ? start[(int) served[0]++] & 0xff : (int) (served[0]++ & 0x7f);
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
          b[off + i] = (byte) read();
        }
        return len;
      }
    };
    MediaException e = assertThrows(MediaException.class, () -> s.put(endless, "image/png"));
    assertEquals(MediaError.TOO_LARGE, e.code());
    assertTrue(e.code().isRefusal());
    assertEquals(100_001, served[0], "abandoned at the first byte over the cap");
    assertNothingStored();
    // exactly at the cap is fine
    byte[] exact = java.util.Arrays.copyOf(start, 100_000);
    assertEquals(100_000, s.put(exact, "image/png").size());
  }

  @Test
  void bytesThatDoNotMatchTheDeclaredTypeAreRefusedBeforeTheRestIsRead() throws Exception {
    MediaStore s = store();
    byte[] html = "<!DOCTYPE html><html><script>alert(1)</script></html>".repeat(10).getBytes(StandardCharsets.UTF_8);
    for (String type : List.of("image/png", "image/jpeg", "image/gif", "image/webp", "video/mp4", "audio/mpeg")) {
      MediaException e = assertThrows(MediaException.class, () -> s.put(html, type), type);
      assertEquals(MediaError.CONTENT_MISMATCH, e.code(), type);
    }
    assertEquals(MediaError.CONTENT_MISMATCH,
        assertThrows(MediaException.class, () -> s.put(MediaSamples.jpeg(10, 10), "image/png")).code());
    assertEquals(MediaError.CONTENT_MISMATCH,
        assertThrows(MediaException.class, () -> s.put(MediaSamples.ftyp("avif", "mif1"), "video/mp4")).code(),
        "an AVIF is not an MP4");
    assertEquals(MediaError.CONTENT_MISMATCH,
        assertThrows(MediaException.class, () -> s.put(new byte[0], "image/png")).code(), "empty");
    long[] read = {0};
    InputStream endlessHtml = new InputStream() {
      @Override
      public int read() {
        read[0]++;
        return '<';
      }
    };
    assertEquals(MediaError.CONTENT_MISMATCH,
        assertThrows(MediaException.class, () -> s.put(endlessHtml, "image/gif")).code());
    assertTrue(read[0] <= 64 * 1024, "stopped after the first buffer, read " + read[0]);
    assertNothingStored();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/html", "image/svg+xml", "application/octet-stream", "application/pdf",
      "application/javascript", "text/plain", "image/png; charset=utf-8", "image/png;", "image/*", "", "png",
      "image/x-icon", "video/quicktime"})
  void typesOutsideTheAllowlistAreRefusedBeforeAnythingIsRead(String type) throws Exception {
    MediaStore s = store();
    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the stream must not be read");
      }
    };
    MediaException e = assertThrows(MediaException.class, () -> s.put(untouchable, type));
    assertEquals(MediaError.TYPE_NOT_ALLOWED, e.code());
    assertNothingStored();
  }

  @Test
  void aNarrowedAllowlistRefusesTheOtherTypes() throws Exception {
    MediaStore s = MediaStore.builder().directory(dir.resolve("media")).allowedTypes(Set.of("image/png")).build();
    assertEquals(Set.of("image/png"), s.allowedTypes());
    assertEquals(MediaError.TYPE_NOT_ALLOWED,
        assertThrows(MediaException.class, () -> s.put(MediaSamples.jpeg(1, 1), "image/jpeg")).code());
    assertNothingStored();
  }

  @Test
  void aFailingSourceLeavesNothing() throws Exception {
    MediaStore s = store();
    byte[] start = MediaSamples.png("then it breaks");
    InputStream broken = new InputStream() {
      int n;

      @Override
      public int read() throws IOException {
        if (n == 5000) {
          throw new IOException("connection reset");
        }
        return n < start.length ? start[n++] & 0xff : (n++ & 0x7f);
      }
    };
    MediaException e = assertThrows(MediaException.class, () -> s.put(broken, "image/png"));
    assertEquals(MediaError.READ_FAILED, e.code());
    assertFalse(e.code().isRefusal());
    assertNothingStored();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/passwd", "..", "", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
      "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
      "abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890",
      "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678g",
      "ab/def0123456789abcdef0123456789abcdef0123456789abcdef0123456789"})
  void malformedIdsAreNeverFound(String id) throws Exception {
    MediaStore s = store();
    StoredMedia real = s.put(MediaSamples.png("x"), "image/png");
    assertFalse(MediaStore.isId(id));
    assertEquals(Optional.empty(), s.find(id));
    assertEquals(Optional.empty(), s.read(id));
    assertEquals(Optional.empty(), s.bytes(id));
    assertFalse(s.delete(id));
    assertTrue(s.has(real.id()), "nothing was removed");
    assertEquals(Optional.empty(), s.find(null));
    assertEquals(Optional.empty(), s.find(real.id().toUpperCase(java.util.Locale.ROOT)));
  }

  @Test
  void aFileWhoseTypeCannotBeReadBackIsNotServed() throws Exception {
    MediaStore s = store();
    StoredMedia m = s.put(MediaSamples.png("meta"), "image/png");
    Path meta = dir.resolve("media/sha256/" + m.id().substring(0, 2) + "/" + m.id() + ".meta");
    Files.writeString(meta, "kith-media 1\ntype text/html\n");
    assertEquals(Optional.empty(), s.find(m.id()));
    assertEquals(Optional.empty(), s.read(m.id()));
    Files.delete(meta);
    assertEquals(Optional.empty(), s.find(m.id()));
    assertEquals(m, s.put(MediaSamples.png("meta"), "image/png"));
    assertEquals(Optional.of(m), s.find(m.id()), "putting the bytes again repairs the entry");
  }

  @Test
  void leftoversOfACrashAreRemovedOnOpen() throws Exception {
    store();
    Path leftover = dir.resolve("media/tmp/put-123.part");
    Files.write(leftover, new byte[] {1, 2, 3});
    store();
    assertFalse(Files.exists(leftover));
    assertNothingStored();
  }

  @Test
  void theBuilderFailsFast() {
    assertThrows(IllegalArgumentException.class, () -> MediaStore.builder().maxBytes(0));
    assertThrows(IllegalArgumentException.class, () -> MediaStore.builder().maxBytes(MediaStore.MAX_MAX_BYTES + 1));
    assertThrows(IllegalArgumentException.class, () -> MediaStore.builder().allowedTypes(Set.of()));
    assertThrows(IllegalArgumentException.class, () -> MediaStore.builder().allowedTypes(Set.of("image/png", "text/html")));
    assertThrows(IllegalArgumentException.class, () -> MediaStore.builder().allowedTypes(Set.of("image/svg+xml")));
    assertThrows(IllegalStateException.class, () -> MediaStore.builder().build());
    assertThrows(NullPointerException.class, () -> store().put((byte[]) null, "image/png"));
    assertEquals(MediaStore.DEFAULT_MAX_BYTES, store().maxBytes());
    assertEquals(40L * 1024 * 1024, MediaStore.DEFAULT_MAX_BYTES);
  }
}
