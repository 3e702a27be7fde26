package social.kith.ssb.muxrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/** Calls of every type between two sessions over an in-memory pipe. */
class MuxRpcSessionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  static Body await(CompletableFuture<Body> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void asyncAndSyncCallsWithJsonStringAndBinaryBodies() throws Exception {
    Registry server = new Registry()
        .register("whoami", Type.ASYNC, c -> c.respond(Body.json(JsonObject.builder().put("id", "@me").build())))
        .register("echo.text", Type.ASYNC, c -> c.respond(Body.string(((JsonString) c.args().get(0)).value())))
        .register("bytes", Type.SYNC, c -> c.respond(Body.binary(new byte[] {1, 2, 3})));
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      Body who = await(p.a.async("whoami"));
      assertEquals(BodyType.JSON, who.type());
      assertEquals("{\"id\":\"@me\"}", who.text());
      Body text = await(p.a.async("echo.text", new JsonString("héllo")));
      assertEquals(BodyType.STRING, text.type());
      assertEquals("héllo", text.text());
      Body bin = await(p.a.sync("bytes"));
      assertEquals(BodyType.BINARY, bin.type());
      assertArrayEquals(new byte[] {1, 2, 3}, bin.bytes());
      assertEquals(0, p.a.openCallCount());
    }
  }

  @Test
  void theManifestDescribesTheRegistry() throws Exception {
    Registry server = new Registry()
        .register("whoami", Type.ASYNC, c -> c.respond(Body.string("x")))
        .register("gossip.ping", Type.DUPLEX, c -> c.out().end())
        .register("gossip.connect", Type.ASYNC, c -> c.respond(Body.string("x")))
        .register("createHistoryStream", Type.SOURCE, c -> c.out().end());
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      Body m = await(p.a.sync("manifest"));
      assertEquals("{\"manifest\":\"sync\",\"whoami\":\"async\",\"gossip\":{\"ping\":\"duplex\",\"connect\":\"async\"},"
          + "\"createHistoryStream\":\"source\"}", m.text());
    }
  }

  @Test
  void handlerErrorsAndUnknownMethodsAreErrorResponses() throws Exception {
    Registry server = new Registry()
        .register("boom", Type.ASYNC, c -> {
          throw new IllegalStateException("it broke");
        })
        .register("src", Type.SOURCE, c -> c.out().end());
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> await(p.a.async("boom")));
      assertEquals(MuxRpcError.REMOTE_ERROR, ((MuxRpcException) e.getCause()).error());
      assertTrue(e.getCause().getMessage().contains("it broke"));
      ExecutionException u = assertThrows(ExecutionException.class, () -> await(p.a.async("nope")));
      assertTrue(u.getCause().getMessage().contains("no such method"));
      // a source method called as async is refused, not run
      ExecutionException t = assertThrows(ExecutionException.class, () -> await(p.a.async("src")));
      assertTrue(t.getCause().getMessage().contains("not a async method"), t.getCause().getMessage());
      MuxRpcException s = assertThrows(MuxRpcException.class, () -> p.a.source("nope").next(WAIT));
      assertEquals(MuxRpcError.REMOTE_ERROR, s.error());
      assertFalse(p.a.isClosed(), "errors end calls, not the session");
    }
  }

  @Test
  void sourceStreamsDeliverInOrderThenEnd() throws Exception {
    Registry server = new Registry().register("count", Type.SOURCE, c -> {
      int n = (int) ((JsonNumber) c.args().get(0)).value();
      for (int i = 0; i < n; i++) {
        c.out().send(Body.json(new JsonNumber(i)));
      }
      c.out().end();
    });
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      StreamReader r = p.a.source("count", new JsonNumber(500));
      for (int i = 0; i < 500; i++) {
        assertEquals(String.valueOf(i), r.next(WAIT).orElseThrow().text());
      }
      assertEquals(Optional.empty(), r.next(WAIT));
      assertTrue(r.isDone());
      pollUntil(() -> p.a.openCallCount() == 0 && p.b.openCallCount() == 0);
    }
  }

  @Test
  void sinkAndDuplexStreams() throws Exception {
    List<String> sunk = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> sinkDone = new CompletableFuture<>();
    Registry server = new Registry()
        .register("collect", Type.SINK, c -> {
          Optional<Body> b;
          while ((b = c.in().next(WAIT)).isPresent()) {
            sunk.add(b.get().text());
          }
          sinkDone.complete(null);
        })
        .register("upper", Type.DUPLEX, c -> {
          Optional<Body> b;
          while ((b = c.in().next(WAIT)).isPresent()) {
            c.out().send(Body.string(b.get().text().toUpperCase()));
          }
          c.out().end();
        });
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      StreamWriter w = p.a.sink("collect");
      w.send(Body.string("a"));
      w.send(Body.string("b"));
      w.end();
      sinkDone.get(10, TimeUnit.SECONDS);
      assertEquals(List.of("a", "b"), sunk);

      Duplex d = p.a.duplex("upper");
      d.out().send(Body.string("x"));
      assertEquals("X", d.in().next(WAIT).orElseThrow().text());
      d.out().send(Body.string("y"));
      assertEquals("Y", d.in().next(WAIT).orElseThrow().text());
      d.out().end();
      assertEquals(Optional.empty(), d.in().next(WAIT));
    }
  }

  @Test
  void aStreamErrorReachesTheReader() throws Exception {
    Registry server = new Registry().register("half", Type.SOURCE, c -> {
      c.out().send(Body.string("one"));
      c.out().fail("disk on fire");
    });
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      StreamReader r = p.a.source("half");
      assertEquals("one", r.next(WAIT).orElseThrow().text());
      MuxRpcException e = assertThrows(MuxRpcException.class, () -> r.next(WAIT));
      assertEquals(MuxRpcError.REMOTE_ERROR, e.error());
      assertTrue(e.getMessage().contains("disk on fire"));
    }
  }

  @Test
  void cancellingASourceStopsTheWriter() throws Exception {
    CompletableFuture<MuxRpcException> writerStopped = new CompletableFuture<>();
    Registry server = new Registry().register("forever", Type.SOURCE, c -> {
      try {
        for (int i = 0; ; i++) {
          c.out().send(Body.json(new JsonNumber(i)));
          if (i % 100 == 0) {
            Thread.onSpinWait();
          }
        }
      } catch (MuxRpcException e) {
        writerStopped.complete(e);
      }
    });
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      StreamReader r = p.a.source("forever");
      assertEquals("0", r.next(WAIT).orElseThrow().text());
      r.cancel();
      assertEquals(MuxRpcError.CLOSED, writerStopped.get(10, TimeUnit.SECONDS).error());
      assertTrue(r.isDone());
      assertFalse(p.a.isClosed(), "late packets after the cancel are not violations");
      assertEquals("ok", await(p.a.async("manifest")).json().map(v -> "ok").orElseThrow());
    }
  }

  @Test
  void closingFailsOpenCallsAndTellsThePeer() throws Exception {
    CompletableFuture<Void> never = new CompletableFuture<>();
    Registry server = new Registry().register("hang", Type.ASYNC, c -> never.get(10, TimeUnit.SECONDS));
    try (MuxPipe p = new MuxPipe(new Registry(), server, MuxRpcLimits.DEFAULT)) {
      List<Optional<MuxRpcException>> reasons = new ArrayList<>();
      p.b.onClose(reasons::add);
      CompletableFuture<Body> f = p.a.async("hang");
      StreamReader r = p.a.source("hang2");
      p.a.close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> await(f));
      assertEquals(MuxRpcError.CLOSED, ((MuxRpcException) e.getCause()).error());
      assertThrows(MuxRpcException.class, () -> r.next(WAIT));
      pollUntil(p.b::isClosed);
      assertEquals(1, reasons.size());
      assertEquals(MuxRpcError.CLOSED, reasons.get(0).orElseThrow().error(), "peer saw the end-of-session header");
      assertEquals(MuxRpcError.CLOSED, assertThrows(MuxRpcException.class, () -> p.a.async("x")).error());
      never.complete(null);
    }
  }

  @Test
  void registryFailsFast() {
    Registry r = new Registry().register("a.b", Type.ASYNC, c -> { });
    assertThrows(IllegalArgumentException.class, () -> r.register("a", Type.ASYNC, c -> { }));
    assertThrows(IllegalArgumentException.class, () -> r.register("a.b", Type.SOURCE, c -> { }));
    assertThrows(IllegalArgumentException.class, () -> r.register("a.b.c", Type.SOURCE, c -> { }));
    assertThrows(IllegalArgumentException.class, () -> r.register("bad name", Type.SOURCE, c -> { }));
    assertThrows(IllegalArgumentException.class, () -> r.register("", Type.SOURCE, c -> { }));
    AtomicInteger asked = new AtomicInteger();
    r.register("manifest", Type.SYNC, c -> asked.incrementAndGet());
    assertThrows(IllegalArgumentException.class, () -> r.register("manifest", Type.SYNC, c -> { }));
    assertEquals("{\"a\":{\"b\":\"async\"},\"manifest\":\"sync\"}".length(),
        social.kith.ssb.json.V8Json.stringifyCompact(r.manifest()).length());
  }

  static void pollUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 10 s");
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  static JsonValue nested(int depth) {
    JsonValue v = new JsonNumber(1);
    for (int i = 0; i < depth; i++) {
      v = JsonArray.of(v);
    }
    return v;
  }
}
