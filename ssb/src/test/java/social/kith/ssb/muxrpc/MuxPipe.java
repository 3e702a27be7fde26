package social.kith.ssb.muxrpc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Two sessions joined by in-memory pipes, each direction delivered by its own thread. */
final class MuxPipe implements AutoCloseable {
  final MuxRpcSession a;
  final MuxRpcSession b;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "mux-pipe");
    t.setDaemon(true);
    return t;
  });

  MuxPipe(Registry registryA, Registry registryB, MuxRpcLimits limits) {
    LinkedBlockingQueue<byte[]> toB = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<byte[]> toA = new LinkedBlockingQueue<>();
    a = MuxRpcSession.create(registryA, limits, toB::add, threads, null);
    b = MuxRpcSession.create(registryB, limits, toA::add, threads, null);
    threads.execute(() -> pump(toB, b));
    threads.execute(() -> pump(toA, a));
  }

  private static void pump(LinkedBlockingQueue<byte[]> q, MuxRpcSession to) {
    try {
      while (!to.isClosed()) {
        byte[] bytes = q.poll(50, TimeUnit.MILLISECONDS);
        if (bytes != null) {
          to.receive(bytes);
        }
      }
    } catch (InterruptedException | MuxRpcException e) {
      // session closed or test over
    }
  }

  @Override
  public void close() {
    a.close();
    b.close();
    threads.shutdownNow();
  }
}
