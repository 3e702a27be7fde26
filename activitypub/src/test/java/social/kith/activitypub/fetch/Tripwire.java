package social.kith.activitypub.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening socket on 127.0.0.1 that nobody should reach: {@link #connections()} drains the
 * accept queue without blocking, so a test can assert that a refused fetch never connected.
 */
public final class Tripwire implements AutoCloseable {
  private final ServerSocketChannel channel;
  private int connections;

  public Tripwire() {
    try {
      channel = ServerSocketChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      channel.configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return channel.socket().getLocalPort();
  }

  /** The number of connections that reached this socket so far. */
  public int connections() {
    try {
      SocketChannel c;
      while ((c = channel.accept()) != null) {
        connections++;
        c.close();
      }
      return connections;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
