package social.kith.ssb.shs;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;
import social.kith.crypto.Ed25519;
import social.kith.ssb.FeedId;

/**
 * The client executable that the shs1-test harness drives ({@code test-client.js}): arguments are
 * the network identifier and the server's public key in hex; the client key is fresh. On a refused
 * server message it exits non-zero without writing anything more.
 */
public final class Shs1TestClient {
  private Shs1TestClient() {}

  public static void main(String[] args) throws IOException {
    HexFormat hex = HexFormat.of();
    NetworkKey network = NetworkKey.of(hex.parseHex(args[0]));
    ShsClient client = ShsClient.create(network, Ed25519.generate(), FeedId.of(hex.parseHex(args[1])));
    DataInputStream in = new DataInputStream(System.in);
    OutputStream out = System.out;
    try {
      out.write(client.start());
      out.flush();
      while (!client.isComplete()) {
        byte[] msg = new byte[client.bytesExpected()];
        in.readFully(msg);
        out.write(client.receive(msg));
        out.flush();
      }
    } catch (HandshakeException e) {
      System.err.println("refused: " + e.getMessage());
      System.exit(1);
    } catch (java.io.EOFException e) {
      System.exit(2);
    }
    writeOutcome(out, client.sessionKeys());
    System.exit(0);
  }

  static void writeOutcome(OutputStream out, SessionKeys keys) throws IOException {
    out.write(keys.encryptionKey());
    out.write(keys.encryptionNonce());
    out.write(keys.decryptionKey());
    out.write(keys.decryptionNonce());
    out.flush();
  }
}
