package social.kith.ssb.muxrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import social.kith.ssb.json.JsonString;

/**
 * Requests opened from many threads leave in request-number order: the receiving side drops a new
 * request numbered below one it has already seen (as a late packet of an ended call), so an
 * out-of-order request would be lost without a word (seen as SsbPeer connections that never
 * started ebt.replicate or a createHistoryStream).
 */
class MuxRpcRequestOrderTest {
  @Test
  void concurrentCallsAreWrittenInRequestNumberOrder() throws Exception {
    List<Integer> written = new ArrayList<>();
    MuxRpcSession session = MuxRpcSession.create(new Registry(), MuxRpcLimits.DEFAULT, bytes -> {
      synchronized (written) {
        written.add(ByteBuffer.wrap(bytes, 5, 4).getInt()); // header: flags, length, request
      }
    }, Runnable::run, null);
    int threads = 4;
    int each = 250; // 1000 open calls stay under the default limit of 1024
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            if ((i + id) % 2 == 0) {
              session.source("src", new JsonString("x"));
            } else {
              session.async("whoami");
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<Integer> expected = new ArrayList<>();
    for (int r = 1; r <= threads * each; r++) {
      expected.add(r);
    }
    synchronized (written) {
      assertEquals(expected, written);
    }
  }
}
