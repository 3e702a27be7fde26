package social.kith.ssb.net;

import java.io.IOException;
import java.net.ServerSocket;

/** A listening socket of an {@link SsbTransport}. Closing it stops accepting; open connections stay. */
public final class SsbListener implements AutoCloseable {
  private final SsbTransport transport;
  private final ServerSocket server;
  private final String host;
  private volatile boolean closed;

  SsbListener(SsbTransport transport, ServerSocket server, String host) {
    this.transport = transport;
    this.server = server;
    this.host = host;
  }

  ServerSocket serverSocket() {
    return server;
  }

  /** The port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** Our multiserver address here, {@code net:host:port~shs:<key>}. */
  public String multiserverAddress() {
    String key = transport.localId().toString();
    return "net:" + host + ":" + port() + "~shs:" + key.substring(1, key.length() - ".ed25519".length());
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    transport.released(this);
  }

  @Override
  public String toString() {
    return "SsbListener[" + multiserverAddress() + "]";
  }
}
