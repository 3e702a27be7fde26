package social.kith.ssb.shs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.crypto.Auth;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.X25519PrivateKey;
import social.kith.ssb.FeedId;

/** The I/O-free negative matrix of checklist item 56 (the socket parts are in the net tests). */
class SecretHandshakeTest {
  private static final Ed25519PrivateKey CLIENT = Ed25519.generate();
  private static final Ed25519PrivateKey SERVER = Ed25519.generate();
  private static final NetworkKey MAIN = NetworkKey.mainNet();

  /** A recorded run: the four messages. */
  record Run(ShsClient client, ShsServer server, List<byte[]> messages) {}

  static Run run(NetworkKey net) {
    ShsClient c = ShsClient.create(net, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    ShsServer s = ShsServer.create(net, SERVER);
    List<byte[]> m = new ArrayList<>();
    s.start();
    m.add(c.start());
    m.add(s.receive(m.get(0)));
    m.add(c.receive(m.get(1)));
    m.add(s.receive(m.get(2)));
    c.receive(m.get(3));
    return new Run(c, s, m);
  }

  @Test
  void aRandomHandshakeAgreesOnMirroredKeys() {
    Run r = run(MAIN);
    SessionKeys c = r.client().sessionKeys();
    SessionKeys s = r.server().sessionKeys();
    assertArrayEquals(c.encryptionKey(), s.decryptionKey());
    assertArrayEquals(c.decryptionKey(), s.encryptionKey());
    assertArrayEquals(c.encryptionNonce(), s.decryptionNonce());
    assertArrayEquals(c.decryptionNonce(), s.encryptionNonce());
    assertEquals(FeedId.of(CLIENT.publicKey().bytes()), s.peer());
    assertEquals(List.of(64, 64, 112, 80), r.messages().stream().map(b -> b.length).toList());
    String shown = c.toString() + s + r.client() + r.server();
    assertFalse(shown.contains(HexFormat.of().formatHex(c.encryptionKey())), "no key in toString");
  }

  @Test
  void aClientOfAnotherNetworkGetsNoAnswer() {
    NetworkKey other = NetworkKey.of(Auth.auth(new byte[] {1}, new byte[32]));
    ShsClient c = ShsClient.create(other, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    ShsServer s = ShsServer.create(MAIN, SERVER);
    s.start();
    HandshakeException e = assertThrows(HandshakeException.class, () -> s.receive(c.start()));
    assertEquals(HandshakeError.BAD_CLIENT_HELLO, e.error());
    assertFalse(s.isComplete());
    assertEquals(0, s.bytesExpected(), "failed machine expects nothing more");
    assertThrows(HandshakeException.class, () -> s.receive(new byte[112]), "failed machine stays failed");
  }

  @Test
  void aServerOfAnotherNetworkIsRefusedAtMessage2() {
    NetworkKey other = NetworkKey.of(Auth.auth(new byte[] {2}, new byte[32]));
    ShsClient c = ShsClient.create(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    ShsServer s = ShsServer.create(other, SERVER);
    byte[] msg1 = c.start();
    // The other-network server refuses message 1 too; craft its hello directly.
    ShsClient peerOnOther = ShsClient.create(other, SERVER, FeedId.of(CLIENT.publicKey().bytes()));
    HandshakeException e = assertThrows(HandshakeException.class, () -> c.receive(peerOnOther.start()));
    assertEquals(HandshakeError.BAD_SERVER_HELLO, e.error());
    s.start();
    assertEquals(HandshakeError.BAD_CLIENT_HELLO,
        assertThrows(HandshakeException.class, () -> s.receive(msg1)).error());
  }

  static Stream<int[]> flips() {
    // message index (0..3) x bit position in several places (MAC, key, ciphertext)
    List<int[]> out = new ArrayList<>();
    int[][] bits = {{0, 7, 255, 300, 511}, {0, 8, 256, 511}, {0, 130, 500, 895}, {0, 100, 400, 639}};
    for (int m = 0; m < 4; m++) {
      for (int b : bits[m]) {
        out.add(new int[] {m, b});
      }
    }
    return out.stream();
  }

  /** Each of the four messages with one bit flipped aborts at that message with the right reason. */
  @ParameterizedTest
  @MethodSource("flips")
  void aFlippedBitInAnyMessageAbortsAtThatStep(int[] flip) {
    int msg = flip[0];
    int bit = flip[1];
    ShsClient c = ShsClient.create(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    ShsServer s = ShsServer.create(MAIN, SERVER);
    s.start();
    byte[][] m = new byte[4][];
    HandshakeError expected = List.of(HandshakeError.BAD_CLIENT_HELLO, HandshakeError.BAD_SERVER_HELLO,
        HandshakeError.BAD_CLIENT_AUTH, HandshakeError.BAD_SERVER_ACCEPT).get(msg);
    HandshakeException e = assertThrows(HandshakeException.class, () -> {
      m[0] = flip(c.start(), msg == 0, bit);
      m[1] = flip(s.receive(m[0]), msg == 1, bit);
      m[2] = flip(c.receive(m[1]), msg == 2, bit);
      m[3] = flip(s.receive(m[2]), msg == 3, bit);
      c.receive(m[3]);
    });
    // A flipped ephemeral key may also land on a low-order point; that is refused as such.
    assertTrue(e.error() == expected || e.error() == HandshakeError.NON_CONTRIBUTORY_KEY, e.getMessage());
    assertFalse(c.isComplete());
    if (msg < 3) {
      assertFalse(s.isComplete(), "server must not finish when an earlier message was corrupted");
    }
    if (msg <= 2) {
      for (int later = msg + 1; later < 4; later++) {
        assertEquals(null, m[later], "nothing is sent after the failing step");
      }
    }
  }

  private static byte[] flip(byte[] b, boolean doIt, int bit) {
    if (doIt) {
      b[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return b;
  }

  @Test
  void aReplayedClientHelloCannotCompleteTheHandshake() {
    Run recorded = run(MAIN);
    ShsServer fresh = ShsServer.create(MAIN, SERVER);
    fresh.start();
    // The hello authenticates (it is a real one), so the server answers with a fresh ephemeral key...
    byte[] msg2 = fresh.receive(recorded.messages().get(0));
    assertFalse(java.util.Arrays.equals(msg2, recorded.messages().get(1)), "fresh server ephemeral");
    // ...but the attacker cannot produce message 3 for it: the recorded one does not open.
    HandshakeException e = assertThrows(HandshakeException.class, () -> fresh.receive(recorded.messages().get(2)));
    assertEquals(HandshakeError.BAD_CLIENT_AUTH, e.error());
    assertFalse(fresh.isComplete());
    assertThrows(IllegalStateException.class, fresh::sessionKeys);
  }

  @Test
  void anUnexpectedServerKeyIsRefused() {
    Ed25519PrivateKey impostor = Ed25519.generate();
    ShsClient c = ShsClient.create(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    ShsServer s = ShsServer.create(MAIN, impostor);
    s.start();
    byte[] msg3 = c.receive(s.receive(c.start()));
    // The impostor cannot open message 3 (it is boxed to the expected server's key) ...
    assertEquals(HandshakeError.BAD_CLIENT_AUTH, assertThrows(HandshakeException.class, () -> s.receive(msg3)).error());
    // ... and a message 4 from anyone but the expected server does not open at the client.
    assertEquals(HandshakeError.BAD_SERVER_ACCEPT,
        assertThrows(HandshakeException.class, () -> c.receive(new byte[80])).error());
    assertFalse(c.isComplete());
  }

  @Test
  void anUnauthorizedClientIsRefusedAfterProvingItsIdentity() {
    List<FeedId> asked = new ArrayList<>();
    ShsClient c = ShsClient.create(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    ShsServer s = ShsServer.create(MAIN, SERVER, id -> {
      asked.add(id);
      return false;
    });
    s.start();
    byte[] msg3 = c.receive(s.receive(c.start()));
    assertEquals(HandshakeError.UNAUTHORIZED, assertThrows(HandshakeException.class, () -> s.receive(msg3)).error());
    assertEquals(List.of(FeedId.of(CLIENT.publicKey().bytes())), asked);
    assertFalse(s.isComplete());
  }

  /** RFC 7748 low-order u-coordinates (and non-reduced forms) as the peer's ephemeral key. */
  static Stream<String> lowOrderPoints() {
    return Stream.of(
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  }

  @ParameterizedTest
  @MethodSource("lowOrderPoints")
  void aLowOrderEphemeralKeyFromTheClientIsNonContributory(String point) {
    byte[] pk = HexFormat.of().parseHex(point);
    ShsServer s = ShsServer.create(MAIN, SERVER);
    s.start();
    HandshakeException e = assertThrows(HandshakeException.class, () -> s.receive(Shs1.hello(MAIN, pk)));
    assertEquals(HandshakeError.NON_CONTRIBUTORY_KEY, e.error());
    assertFalse(s.isComplete());
    assertEquals(0, s.bytesExpected());
  }

  @ParameterizedTest
  @MethodSource("lowOrderPoints")
  void aLowOrderEphemeralKeyFromTheServerIsNonContributory(String point) {
    byte[] pk = HexFormat.of().parseHex(point);
    ShsClient c = ShsClient.create(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    c.start();
    HandshakeException e = assertThrows(HandshakeException.class, () -> c.receive(Shs1.hello(MAIN, pk)));
    assertEquals(HandshakeError.NON_CONTRIBUTORY_KEY, e.error());
    assertFalse(c.isComplete());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 63, 65, 111})
  void wrongLengthsAreProtocolViolations(int length) {
    ShsServer s = ShsServer.create(MAIN, SERVER);
    s.start();
    assertEquals(HandshakeError.PROTOCOL_VIOLATION,
        assertThrows(HandshakeException.class, () -> s.receive(new byte[length])).error());
  }

  @Test
  void aClientCannotBeStartedTwice() {
    ShsClient c = ShsClient.create(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()));
    c.start();
    assertEquals(HandshakeError.PROTOCOL_VIOLATION, assertThrows(HandshakeException.class, c::start).error());
  }

  @Test
  void deterministicEphemeralKeysGiveDeterministicHellos() {
    X25519PrivateKey eph = X25519PrivateKey.of(new byte[32]);
    byte[] a = ShsClient.withEphemeral(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()), eph).start();
    byte[] b = ShsClient.withEphemeral(MAIN, CLIENT, FeedId.of(SERVER.publicKey().bytes()), eph).start();
    assertArrayEquals(a, b);
    assertArrayEquals(Auth.auth(eph.publicKey().bytes(), MAIN.bytes()), java.util.Arrays.copyOf(a, 32));
  }
}
