package social.kith.ssb.shs;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;
import social.kith.crypto.Ed25519;

/**
 * The server executable that the shs1-test harness drives ({@code test-server.js}): arguments are
 * the network identifier, the server's 64-byte secret key and its public key in hex; messages go
 * over stdin/stdout. On a refused client message it exits non-zero without writing anything more.
 */
public final class Shs1TestServer {
  private Shs1TestServer() {}

  public static void main(String[] args) throws IOException {
    HexFormat hex = HexFormat.of();
    NetworkKey network = NetworkKey.of(hex.parseHex(args[0]));
    ShsServer server = ShsServer.create(network, Ed25519.fromSodiumSecretKey(hex.parseHex(args[1])));
    DataInputStream in = new DataInputStream(System.in);
    OutputStream out = System.out;
    try {
      server.start();
      while (!server.isComplete()) {
        byte[] msg = new byte[server.bytesExpected()];
        in.readFully(msg);
        out.write(server.receive(msg));
        out.flush();
      }
    } catch (HandshakeException e) {
      System.err.println("refused: " + e.getMessage());
      System.exit(1);
    } catch (java.io.EOFException e) {
      System.exit(2);
    }
    Shs1TestClient.writeOutcome(out, server.sessionKeys());
    System.exit(0);
  }
}
