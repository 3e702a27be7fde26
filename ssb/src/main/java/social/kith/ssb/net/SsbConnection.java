package social.kith.ssb.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import social.kith.core.KithException;
import social.kith.ssb.FeedId;
import social.kith.ssb.boxstream.BoxStreamDecoder;
import social.kith.ssb.boxstream.BoxStreamEncoder;
import social.kith.ssb.muxrpc.MuxRpcError;
import social.kith.ssb.muxrpc.MuxRpcException;
import social.kith.ssb.muxrpc.MuxRpcLimits;
import social.kith.ssb.muxrpc.MuxRpcSession;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.shs.SessionKeys;

/**
 * One authenticated connection: box-stream over the socket and a muxrpc session over that. Ends
 * cleanly with {@link #close()} (the muxrpc end-of-session header, then the box-stream goodbye),
 * or with a typed reason: a cut without goodbye ({@code MISSING_GOODBYE}), a protocol violation,
 * an idle or write timeout. Thread-safe.
 */
public final class SsbConnection implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SsbConnection.class.getName());
  /** Encrypted bytes waiting for the socket before senders are made to wait. */
  static final int MAX_QUEUED_BYTES = 1 << 20;
  private static final int MAX_BATCH = 64 << 10;

  private final SsbTransport transport;
  private final Socket socket;
  private final FeedId peer;
  private final NetTimeouts timeouts;
  private final BoxStreamEncoder encoder;
  private final BoxStreamDecoder decoder;
  private final MuxRpcSession rpc;
  private final Object queueLock = new Object();
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean finishWriter;
  private boolean writerDead;
  private volatile Thread writerThread;
  private final CountDownLatch writerDone = new CountDownLatch(1);
  private final Object drainLock = new Object();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Optional<KithException>> closed = new CompletableFuture<>();

  SsbConnection(SsbTransport transport, Socket socket, SessionKeys session, Registry registry,
      MuxRpcLimits limits, NetTimeouts timeouts, Executor handlers) {
    this.transport = transport;
    this.socket = socket;
    this.peer = session.peer();
    this.timeouts = timeouts;
    this.encoder = BoxStreamEncoder.of(session);
    this.decoder = BoxStreamDecoder.of(session);
    this.rpc = MuxRpcSession.create(registry, limits, this::send, handlers, peer);
    rpc.onDrain(() -> {
      synchronized (drainLock) {
        drainLock.notifyAll();
      }
    });
    rpc.onClose(reason -> close(reason.filter(r -> r.error() != MuxRpcError.CLOSED).orElse(null)));
  }

  /** The peer's identity, proven by the handshake. */
  public FeedId peer() {
    return peer;
  }

  /** The muxrpc session: call the peer, or see what it calls. */
  public MuxRpcSession rpc() {
    return rpc;
  }

  /** The peer's socket address. */
  public SocketAddress remoteAddress() {
    return socket.getRemoteSocketAddress();
  }

  void startLoops(Executor executor) {
    executor.execute(this::writeLoop);
    executor.execute(this::readLoop);
  }

  // ------------------------------------------------------------------ sending

  private void send(byte[] plaintext) throws IOException {
    synchronized (encoder) {
      if (encoder.isClosed()) {
        throw new IOException("connection closed");
      }
      enqueue(encoder.encrypt(plaintext));
    }
  }

  private void enqueue(byte[] frames) throws IOException {
    synchronized (queueLock) {
      long deadline = System.nanoTime() + timeouts.write().toNanos();
      while (queuedBytes > MAX_QUEUED_BYTES && !writerDead && !closing.get()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          NetException e = new NetException(NetError.PEER_NOT_READING,
              "the peer read nothing for " + timeouts.write() + " with " + queuedBytes + " bytes queued");
          Thread t = new Thread(() -> close(e), "kith-ssb-close");
          t.setDaemon(true);
          t.start();
          throw new IOException(e.getMessage(), e);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(queueLock, left);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while sending");
        }
      }
      if (writerDead || finishWriter) {
        throw new IOException("connection closed");
      }
      queue.add(frames);
      queuedBytes += frames.length;
      queueLock.notifyAll();
    }
  }

  private void writeLoop() {
    writerThread = Thread.currentThread();
    try {
      OutputStream out = socket.getOutputStream();
      while (true) {
        byte[] batch;
        synchronized (queueLock) {
          while (queue.isEmpty() && !finishWriter) {
            queueLock.wait();
          }
          if (queue.isEmpty()) {
            break;
          }
          batch = takeBatch();
          queueLock.notifyAll();
        }
        out.write(batch); // whole frames only: a header never leaves without its body
        out.flush();
      }
    } catch (IOException e) {
      if (!closing.get()) {
        close(new NetException(NetError.IO_FAILURE, "sending failed: " + e.getMessage(), e));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (queueLock) {
        writerDead = true;
        queue.clear();
        queuedBytes = 0;
        queueLock.notifyAll();
      }
      writerDone.countDown();
    }
  }

  private byte[] takeBatch() {
    byte[] first = queue.poll();
    queuedBytes -= first.length;
    if (queue.isEmpty() || first.length >= MAX_BATCH) {
      return first;
    }
    int total = first.length;
    for (byte[] b : queue) {
      if (total + b.length > MAX_BATCH) {
        break;
      }
      total += b.length;
    }
    byte[] batch = new byte[total];
    System.arraycopy(first, 0, batch, 0, first.length);
    int o = first.length;
    while (o < total) {
      byte[] b = queue.poll();
      queuedBytes -= b.length;
      System.arraycopy(b, 0, batch, o, b.length);
      o += b.length;
    }
    return batch;
  }

  // ------------------------------------------------------------------ receiving

  private void readLoop() {
    byte[] buf = new byte[16 << 10];
    try {
      InputStream in = socket.getInputStream();
      socket.setSoTimeout((int) timeouts.idle().toMillis());
      while (!closing.get()) {
        awaitCapacity();
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          close(new NetException(NetError.IDLE_TIMEOUT, "nothing received for " + timeouts.idle(), e));
          return;
        }
        if (n < 0) {
          decoder.finish(); // a cut without goodbye throws MISSING_GOODBYE
          close(null);
          return;
        }
        decoder.feed(buf, 0, n, plain -> rpc.receive(plain));
        if (decoder.isEnded()) {
          close(null);
          return;
        }
      }
    } catch (KithException e) {
      close(e);
    } catch (IOException e) {
      if (!closing.get()) {
        close(new NetException(NetError.IO_FAILURE, "receiving failed: " + e.getMessage(), e));
      }
    } finally {
      rpc.transportEnded();
    }
  }

  /** Backpressure: stop reading while the session's buffers are half full, for at most the stall timeout. */
  private void awaitCapacity() {
    if (!rpc.isSaturated()) {
      return;
    }
    long deadline = System.nanoTime() + timeouts.stall().toNanos();
    synchronized (drainLock) {
      while (rpc.isSaturated() && !closing.get()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.log(System.Logger.Level.DEBUG, "reader of {0} stalled for {1}; resuming", peer, timeouts.stall());
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(drainLock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // ------------------------------------------------------------------ closing

  /** Closes cleanly: muxrpc end-of-session, box-stream goodbye, then the socket. Idempotent. */
  @Override
  public void close() {
    close(null);
  }

  private void close(KithException reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (reason != null) {
      LOG.log(System.Logger.Level.INFO, "connection with {0} closed: {1}", peer, reason.getMessage());
    }
    rpc.close(); // sends the end-of-session header unless the session already ended
    synchronized (encoder) {
      if (!encoder.isClosed()) {
        try {
          byte[] bye = encoder.goodbye();
          synchronized (queueLock) {
            if (!writerDead) {
              queue.add(bye);
              queuedBytes += bye.length;
            }
          }
        } catch (KithException e) {
          LOG.log(System.Logger.Level.DEBUG, "no goodbye: {0}", e.getMessage());
        }
      }
    }
    synchronized (queueLock) {
      finishWriter = true;
      queueLock.notifyAll();
    }
    synchronized (drainLock) {
      drainLock.notifyAll();
    }
    if (Thread.currentThread() != writerThread && reason == null) {
      try {
        writerDone.await(Math.min(timeouts.write().toMillis(), 2000), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      // already gone
    }
    transport.released(this, socket);
    closed.complete(Optional.ofNullable(reason));
  }

  /** Whether the connection is closed or closing. */
  public boolean isClosed() {
    return closing.get();
  }

  /** Why it closed: empty while open or after a clean close by either side. */
  public Optional<KithException> closeReason() {
    return closed.isDone() ? closed.join() : Optional.empty();
  }

  /** Waits until the connection has closed; true if it did within {@code timeout}. */
  public boolean awaitClosed(Duration timeout) {
    try {
      closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  /** Runs {@code listener} when the connection closes, with the reason if it was not clean. */
  public void onClose(Consumer<Optional<KithException>> listener) {
    closed.thenAccept(listener);
  }

  @Override
  public String toString() {
    return "SsbConnection[" + peer + (closing.get() ? ", closed" : "") + "]";
  }
}
