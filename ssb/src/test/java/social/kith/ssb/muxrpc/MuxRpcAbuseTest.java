package social.kith.ssb.muxrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;

/** Checklist item 58: a hostile peer's packets, fed straight into a session. */
class MuxRpcAbuseTest {
  /** Records what the session sends and counts handler runs. */
  static final class Rig {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final AtomicInteger handled = new AtomicInteger();
    final List<Optional<MuxRpcException>> closes = new ArrayList<>();
    final MuxRpcSession session;

    Rig(MuxRpcLimits limits) {
      Registry r = new Registry()
          .register("src", Type.SOURCE, c -> handled.incrementAndGet())
          .register("whoami", Type.ASYNC, c -> {
            handled.incrementAndGet();
            c.respond(Body.string("me"));
          });
      session = MuxRpcSession.create(r, limits, b -> {
        synchronized (sent) {
          sent.writeBytes(b);
        }
      }, Runnable::run, null);
      session.onClose(closes::add);
    }

    MuxRpcError violation(byte[] bytes) {
      MuxRpcException e = assertThrows(MuxRpcException.class, () -> session.receive(bytes));
      assertTrue(session.isClosed());
      assertEquals(e.error(), session.closeReason().orElseThrow().error());
      assertEquals(1, closes.size(), "close listener told once");
      assertEquals(MuxRpcError.CLOSED, assertThrows(MuxRpcException.class, () -> session.receive(new byte[1])).error());
      return e.error();
    }

    int sentBytes() {
      synchronized (sent) {
        return sent.size();
      }
    }
  }

  static byte[] header(int flags, long length, int request) {
    return new byte[] {(byte) flags, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
        (byte) length, (byte) (request >>> 24), (byte) (request >>> 16), (byte) (request >>> 8), (byte) request};
  }

  static byte[] request(int req, String json, boolean stream) {
    return new Packet(req, stream, false, json(json)).encode();
  }

  static Body json(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return Body.received(BodyType.JSON, b, null);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x10, 0x20, 0x80, 0xff, 0x03, 0x0b})
  void unknownFlagBitsCloseTheConnection(int flags) {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    assertEquals(MuxRpcError.BAD_FLAGS, rig.violation(header(flags, 2, 1)));
    assertEquals(0, rig.handled.get());
    assertEquals(0, rig.sentBytes(), "nothing answered");
  }

  @Test
  void anAbsurdBodyLengthIsRefusedFromTheHeaderAlone() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    long before = usedHeap();
    assertEquals(MuxRpcError.BODY_TOO_LARGE, rig.violation(header(0x02, 0x7fffffffL, 1)));
    assertTrue(usedHeap() - before < 64L << 20, "no 2 GiB buffer");
    Rig rig2 = new Rig(MuxRpcLimits.DEFAULT);
    assertEquals(MuxRpcError.BODY_TOO_LARGE, rig2.violation(header(0x02, 0xffffffffL, 1)));
    assertEquals(0, rig.handled.get() + rig2.handled.get());
  }

  @Test
  void requestNumberZeroIsAViolation() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    byte[] body = "{\"name\":[\"whoami\"],\"args\":[],\"type\":\"async\"}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(header(0x02, body.length, 0));
    p.writeBytes(body);
    assertEquals(MuxRpcError.BAD_REQUEST_NUMBER, rig.violation(p.toByteArray()));
    assertEquals(0, rig.handled.get());
    Rig rig2 = new Rig(MuxRpcLimits.DEFAULT);
    assertEquals(MuxRpcError.BAD_REQUEST_NUMBER, rig2.violation(header(0x02, 0, Integer.MIN_VALUE)));
  }

  @Test
  void aResponseToARequestNeverMadeIsAViolation() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    assertEquals(MuxRpcError.UNKNOWN_RESPONSE, rig.violation(new Packet(-7, false, false, Body.string("hi")).encode()));
    assertEquals(0, rig.sentBytes());
  }

  @Test
  void jsonNested10kDeepIsRefusedWithoutAStackOverflow() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertEquals(MuxRpcError.JSON_TOO_DEEP, rig.violation(request(1, deep, false)));
    assertEquals(0, rig.handled.get());
    Rig rig2 = new Rig(MuxRpcLimits.DEFAULT);
    assertEquals(MuxRpcError.BAD_JSON, rig2.violation(request(1, "{\"name\":", false)));
  }

  @Test
  void aRequestThatIsNotAnObjectIsAViolation() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    assertEquals(MuxRpcError.BAD_REQUEST, rig.violation(request(1, "[1,2]", false)));
    Rig rig2 = new Rig(MuxRpcLimits.DEFAULT);
    assertEquals(MuxRpcError.BAD_REQUEST, rig2.violation(request(1, "{\"name\":[1]}", false)));
    assertEquals(0, rig.handled.get() + rig2.handled.get());
  }

  @Test
  void tenThousandStreamsNeverReadHitTheOpenStreamCap() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    int cap = MuxRpcLimits.DEFAULT.maxOpenStreams();
    MuxRpcException e = null;
    int opened = 0;
    for (int i = 1; i <= 10_000 && e == null; i++) {
      try {
        rig.session.receive(request(i, "{\"name\":[\"src\"],\"args\":[],\"type\":\"source\"}", true));
        opened++;
      } catch (MuxRpcException ex) {
        e = ex;
      }
    }
    assertEquals(MuxRpcError.TOO_MANY_STREAMS, e.error());
    assertEquals(cap, opened);
    assertEquals(cap, rig.handled.get(), "no handler beyond the cap");
    assertTrue(rig.session.isClosed());
    assertEquals(0, rig.session.openCallCount(), "state released on close");
  }

  @Test
  void lateAndDuplicatePacketsAreIgnoredNotViolations() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    rig.session.receive(request(5, "{\"name\":[\"whoami\"],\"args\":[],\"type\":\"async\"}", false));
    assertEquals(1, rig.handled.get());
    // the same request number again, and an older one: stale, ignored
    rig.session.receive(request(5, "{\"name\":[\"whoami\"],\"args\":[],\"type\":\"async\"}", false));
    rig.session.receive(request(3, "{\"name\":[\"whoami\"],\"args\":[],\"type\":\"async\"}", false));
    rig.session.receive(new Packet(4, true, true, json("true")).encode());
    assertEquals(1, rig.handled.get());
    assertFalse(rig.session.isClosed());
  }

  @Test
  void aStreamThatIsNotReadLosesItsStreamNotTheConnection() {
    MuxRpcLimits limits = MuxRpcLimits.DEFAULT.withMaxStreamBufferBytes(4096);
    Rig rig = new Rig(limits);
    StreamReader r = rig.session.source("feed");
    int sentBefore = rig.sentBytes();
    byte[] value = new Packet(-1, true, false, Body.binary(new byte[1000])).encode();
    List<Boolean> saturation = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rig.session.receive(value);
      saturation.add(rig.session.isSaturated());
    }
    assertTrue(saturation.get(2), "half full: the reader should pause");
    assertFalse(rig.session.isClosed());
    assertTrue(rig.sentBytes() > sentBefore, "the peer was told the stream ended");
    assertEquals(0, rig.session.bufferedBytes(), "the overflowing stream's buffer was dropped");
    assertFalse(rig.session.isSaturated());
    MuxRpcException e = assertThrows(MuxRpcException.class, () -> r.next(Duration.ofSeconds(1)));
    assertEquals(MuxRpcError.STREAM_BUFFER_FULL, e.error());
    // more data for the dead stream is late data: ignored, bounded
    rig.session.receive(value);
    assertEquals(0, rig.session.bufferedBytes());
  }

  @Test
  void manyStreamsTogetherHitTheConnectionCap() {
    MuxRpcLimits limits = MuxRpcLimits.DEFAULT.withMaxStreamBufferBytes(64 << 10).withMaxBufferedBytes(256 << 10);
    Rig rig = new Rig(limits);
    List<StreamReader> readers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      readers.add(rig.session.source("feed"));
    }
    MuxRpcException e = assertThrows(MuxRpcException.class, () -> {
      for (int round = 0; round < 100; round++) {
        for (int s = 1; s <= 20; s++) {
          rig.session.receive(new Packet(-s, true, false, Body.binary(new byte[1000])).encode());
        }
      }
    });
    assertEquals(MuxRpcError.CONNECTION_BUFFER_FULL, e.error());
    assertTrue(rig.session.isClosed());
    assertTrue(rig.session.bufferedBytes() <= limits.maxBufferedBytes());
  }

  @Test
  void readingDrainsTheBufferAndSignals() {
    MuxRpcLimits limits = MuxRpcLimits.DEFAULT.withMaxStreamBufferBytes(4096);
    Rig rig = new Rig(limits);
    AtomicInteger drained = new AtomicInteger();
    rig.session.onDrain(drained::incrementAndGet);
    StreamReader r = rig.session.source("feed");
    for (int i = 0; i < 3; i++) {
      rig.session.receive(new Packet(-1, true, false, Body.json(new JsonNumber(i))).encode());
    }
    assertTrue(rig.session.bufferedBytes() > 0);
    for (int i = 0; i < 3; i++) {
      assertEquals(String.valueOf(i), r.next(Duration.ofSeconds(1)).orElseThrow().text());
    }
    assertEquals(0, rig.session.bufferedBytes());
    assertEquals(3, drained.get());
    assertEquals(MuxRpcError.TIMEOUT, assertThrows(MuxRpcException.class, () -> r.next(Duration.ofMillis(20))).error());
  }

  @Test
  void theEndOfSessionHeaderClosesCleanlyAndBytesAfterItAreDropped() {
    Rig rig = new Rig(MuxRpcLimits.DEFAULT);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(Packet.goodbye());
    b.writeBytes(header(0xff, 0x7fffffffL, 0));
    rig.session.receive(b.toByteArray());
    assertTrue(rig.session.isClosed());
    assertEquals(MuxRpcError.CLOSED, rig.session.closeReason().orElseThrow().error());
    assertEquals(0, rig.handled.get());
    assertEquals(JsonObject.class, rig.session.manifest().getClass());
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
