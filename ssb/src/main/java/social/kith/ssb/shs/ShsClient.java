package social.kith.ssb.shs;

import java.util.Objects;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Hashes;
import social.kith.crypto.SecretBox;
import social.kith.crypto.X25519PrivateKey;
import social.kith.ssb.FeedId;

/**
 * The client (dialling) side of secret handshake v1: it knows the server's long-term key before it
 * connects and proves its own identity only to that server. Send {@link #start()} (message 1),
 * pass message 2 to {@link #receive} and send the result (message 3), pass message 4 to
 * {@link #receive}; then {@link #sessionKeys()}. No I/O; single-use; not thread-safe.
 */
public final class ShsClient implements SecretHandshake {
  private enum State { NEW, SENT_HELLO, SENT_AUTH, DONE, FAILED }

  private final NetworkKey network;
  private final Ed25519PrivateKey longterm;
  private final Ed25519PublicKey server;
  private final X25519PrivateKey ephemeral;
  private State state = State.NEW;
  private byte[] hello;
  private byte[] serverHello;
  private byte[] serverEphemeral;
  private byte[] ab;
  private byte[] aB;
  private byte[] signatureA;
  private SessionKeys keys;

  private ShsClient(NetworkKey network, Ed25519PrivateKey longterm, Ed25519PublicKey server,
      X25519PrivateKey ephemeral) {
    this.network = Objects.requireNonNull(network, "network");
    this.longterm = Objects.requireNonNull(longterm, "longterm");
    this.server = Objects.requireNonNull(server, "server");
    this.ephemeral = Objects.requireNonNull(ephemeral, "ephemeral");
  }

  /** A client with a fresh ephemeral key, dialling the server whose feed id is {@code server}. */
  public static ShsClient create(NetworkKey network, Ed25519PrivateKey longterm, FeedId server) {
    return new ShsClient(network, longterm, PeerKeys.of(server), X25519PrivateKey.generate());
  }

  /** With a fixed ephemeral key: only for reproducing test vectors (same package). */
  static ShsClient withEphemeral(NetworkKey network, Ed25519PrivateKey longterm, FeedId server,
      X25519PrivateKey ephemeral) {
    return new ShsClient(network, longterm, PeerKeys.of(server), ephemeral);
  }

  @Override
  public byte[] start() {
    expect(State.NEW, "start");
    hello = Shs1.hello(network, ephemeral.publicKey().bytes());
    state = State.SENT_HELLO;
    return hello.clone();
  }

  @Override
  public int bytesExpected() {
    return switch (state) {
      case SENT_HELLO -> Shs1.HELLO_BYTES;
      case SENT_AUTH -> Shs1.SERVER_ACCEPT_BYTES;
      default -> 0;
    };
  }

  @Override
  public byte[] receive(byte[] message) {
    try {
      return switch (state) {
        case SENT_HELLO -> serverHello(message);
        case SENT_AUTH -> serverAccept(message);
        default -> throw new HandshakeException(HandshakeError.PROTOCOL_VIOLATION,
            "no message expected in state " + state);
      };
    } catch (RuntimeException e) {
      fail();
      throw e;
    }
  }

  private byte[] serverHello(byte[] msg2) {
    Shs1.requireLength(msg2, Shs1.HELLO_BYTES, "message 2");
    serverEphemeral = Shs1.verifyHello(network, msg2);
    if (serverEphemeral == null) {
      throw new HandshakeException(HandshakeError.BAD_SERVER_HELLO,
          "message 2 does not authenticate: the server is on another network or corrupted the hello");
    }
    serverHello = msg2.clone();
    byte[] serverCurve = Shs1.curve(server, HandshakeError.INVALID_KEY);
    ab = Shs1.dh(ephemeral.bytes(), serverEphemeral, "the server's ephemeral key");
    byte[] aB = Shs1.dh(ephemeral.bytes(), serverCurve, "the server's long-term key");
    byte[] abHash = Hashes.sha256(ab);
    signatureA = longterm.sign(Shs1.concat(network.raw(), server.bytes(), abHash));
    byte[] plaintext = Shs1.concat(signatureA, longterm.publicKey().bytes());
    byte[] msg3Key = Hashes.sha256(network.raw(), ab, aB);
    byte[] msg3 = SecretBox.seal(plaintext, Shs1.ZERO_NONCE, msg3Key);
    this.aB = aB;
    Shs1.wipe(msg3Key, abHash);
    state = State.SENT_AUTH;
    return msg3;
  }

  private byte[] serverAccept(byte[] msg4) {
    Shs1.requireLength(msg4, Shs1.SERVER_ACCEPT_BYTES, "message 4");
    byte[] Ab = Shs1.dh(longterm.toX25519().bytes(), serverEphemeral, "the server's ephemeral key");
    byte[] msg4Key = Hashes.sha256(network.raw(), ab, aB, Ab);
    byte[] signatureB;
    try {
      signatureB = SecretBox.open(msg4, Shs1.ZERO_NONCE, msg4Key);
    } catch (CryptoException e) {
      throw new HandshakeException(HandshakeError.BAD_SERVER_ACCEPT,
          "message 4 does not open: the server does not hold the key we dialled", e);
    }
    byte[] signed = Shs1.concat(network.raw(), signatureA, longterm.publicKey().bytes(), Hashes.sha256(ab));
    if (!server.verify(signed, signatureB)) {
      throw new HandshakeException(HandshakeError.BAD_SERVER_ACCEPT,
          "the server's signature in message 4 does not verify");
    }
    FeedId serverId = FeedId.of(server.bytes());
    keys = Shs1.outcome(msg4Key, longterm.publicKey().bytes(), server.bytes(), hello, serverHello, serverId);
    PeerKeys.remember(serverId, server);
    Shs1.wipe(Ab, msg4Key);
    clear();
    state = State.DONE;
    return new byte[0];
  }

  @Override
  public boolean isComplete() {
    return state == State.DONE;
  }

  @Override
  public SessionKeys sessionKeys() {
    if (state != State.DONE) {
      throw new IllegalStateException("handshake not complete (" + state + ")");
    }
    return keys;
  }

  private void expect(State s, String op) {
    if (state != s) {
      throw new HandshakeException(HandshakeError.PROTOCOL_VIOLATION, op + " called in state " + state);
    }
  }

  private void fail() {
    clear();
    state = State.FAILED;
  }

  private void clear() {
    Shs1.wipe(ab, aB);
    ab = null;
    aB = null;
  }

  @Override
  public String toString() {
    return "ShsClient[" + state + ", server=" + FeedId.of(server.bytes()) + "]";
  }
}
