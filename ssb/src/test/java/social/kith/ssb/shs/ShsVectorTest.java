package social.kith.ssb.shs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.X25519PrivateKey;
import social.kith.ssb.FeedId;
import social.kith.testkit.SharedData;

/** The shs1-crypto test vector: every message and both outcomes, byte for byte. */
class ShsVectorTest {
  private static final HexFormat HEX = HexFormat.of();

  static JsonNode vector() throws IOException {
    return new ObjectMapper().readTree(SharedData.path("vectors/ssb/shs/shs1-crypto-test-vector.json").toFile());
  }

  static byte[] hex(JsonNode node, String field) {
    return HEX.parseHex(node.get(field).asText());
  }

  @Test
  void bothSidesReproduceTheVectorByteForByte() throws IOException {
    JsonNode v = vector();
    JsonNode in = v.get("inputs");
    NetworkKey network = NetworkKey.of(hex(in, "network_identifier"));
    Ed25519PrivateKey clientKey = Ed25519.fromSodiumSecretKey(hex(in, "client_longterm_sk"));
    Ed25519PrivateKey serverKey = Ed25519.fromSodiumSecretKey(hex(in, "server_longterm_sk"));
    X25519PrivateKey clientEph = X25519PrivateKey.of(hex(in, "client_ephemeral_sk"));
    X25519PrivateKey serverEph = X25519PrivateKey.of(hex(in, "server_ephemeral_sk"));
    assertArrayEquals(hex(in, "client_ephemeral_pk"), clientEph.publicKey().bytes());

    ShsClient client = ShsClient.withEphemeral(network, clientKey, FeedId.of(hex(in, "server_longterm_pk")), clientEph);
    ShsServer server = ShsServer.withEphemeral(network, serverKey, serverEph);

    assertEquals(0, server.start().length);
    byte[] msg1 = client.start();
    assertArrayEquals(hex(v, "msg1"), msg1);
    byte[] msg2 = server.receive(msg1);
    assertArrayEquals(hex(v, "msg2"), msg2);
    byte[] msg3 = client.receive(msg2);
    assertArrayEquals(hex(v, "msg3"), msg3);
    byte[] msg4 = server.receive(msg3);
    assertArrayEquals(hex(v, "msg4"), msg4);
    assertEquals(0, client.receive(msg4).length);

    assertTrue(client.isComplete() && server.isComplete());
    assertOutcome(v.get("client_outcome"), client.sessionKeys());
    assertOutcome(v.get("server_outcome"), server.sessionKeys());
    assertEquals(FeedId.of(hex(in, "server_longterm_pk")), client.sessionKeys().peer());
    assertEquals(FeedId.of(hex(in, "client_longterm_pk")), server.sessionKeys().peer());
  }

  private static void assertOutcome(JsonNode expected, SessionKeys keys) {
    assertArrayEquals(hex(expected, "encryption_key"), keys.encryptionKey());
    assertArrayEquals(hex(expected, "encryption_nonce"), keys.encryptionNonce());
    assertArrayEquals(hex(expected, "decryption_key"), keys.decryptionKey());
    assertArrayEquals(hex(expected, "decryption_nonce"), keys.decryptionNonce());
  }
}
