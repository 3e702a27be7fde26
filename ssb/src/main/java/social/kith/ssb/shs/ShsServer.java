package social.kith.ssb.shs;

import java.util.Objects;
import java.util.function.Predicate;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Hashes;
import social.kith.crypto.SecretBox;
import social.kith.crypto.X25519PrivateKey;
import social.kith.ssb.FeedId;

/**
 * The server (accepting) side of secret handshake v1. {@link #start()} sends nothing; pass
 * message 1 to {@link #receive} and send the result (message 2), pass message 3 and send the
 * result (message 4); then {@link #sessionKeys()}. A client hello that does not authenticate
 * under our network key gets no answer at all, so a client of another network learns nothing,
 * not even that this is an SSB peer. An optional authorizer refuses proven client identities.
 * No I/O; single-use; not thread-safe.
 */
public final class ShsServer implements SecretHandshake {
  private enum State { NEW, AWAIT_HELLO, AWAIT_AUTH, DONE, FAILED }

  private final NetworkKey network;
  private final Ed25519PrivateKey longterm;
  private final X25519PrivateKey ephemeral;
  private final Predicate<FeedId> authorizer;
  private State state = State.NEW;
  private byte[] hello;
  private byte[] clientHello;
  private byte[] clientEphemeral;
  private byte[] ab;
  private SessionKeys keys;

  private ShsServer(NetworkKey network, Ed25519PrivateKey longterm, Predicate<FeedId> authorizer,
      X25519PrivateKey ephemeral) {
    this.network = Objects.requireNonNull(network, "network");
    this.longterm = Objects.requireNonNull(longterm, "longterm");
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.ephemeral = Objects.requireNonNull(ephemeral, "ephemeral");
  }

  /** A server that accepts every client able to prove its identity. */
  public static ShsServer create(NetworkKey network, Ed25519PrivateKey longterm) {
    return create(network, longterm, id -> true);
  }

  /** A server that accepts only clients for which {@code authorizer} returns true. */
  public static ShsServer create(NetworkKey network, Ed25519PrivateKey longterm, Predicate<FeedId> authorizer) {
    return new ShsServer(network, longterm, authorizer, X25519PrivateKey.generate());
  }

  /** With a fixed ephemeral key: only for reproducing test vectors (same package). */
  static ShsServer withEphemeral(NetworkKey network, Ed25519PrivateKey longterm, X25519PrivateKey ephemeral) {
    return new ShsServer(network, longterm, id -> true, ephemeral);
  }

  @Override
  public byte[] start() {
    if (state != State.NEW) {
      throw new HandshakeException(HandshakeError.PROTOCOL_VIOLATION, "start called in state " + state);
    }
    state = State.AWAIT_HELLO;
    return new byte[0];
  }

  @Override
  public int bytesExpected() {
    return switch (state) {
      case NEW, AWAIT_HELLO -> Shs1.HELLO_BYTES;
      case AWAIT_AUTH -> Shs1.CLIENT_AUTH_BYTES;
      default -> 0;
    };
  }

  @Override
  public byte[] receive(byte[] message) {
    try {
      return switch (state) {
        case NEW, AWAIT_HELLO -> clientHello(message);
        case AWAIT_AUTH -> clientAuth(message);
        default -> throw new HandshakeException(HandshakeError.PROTOCOL_VIOLATION,
            "no message expected in state " + state);
      };
    } catch (RuntimeException e) {
      fail();
      throw e;
    }
  }

  private byte[] clientHello(byte[] msg1) {
    Shs1.requireLength(msg1, Shs1.HELLO_BYTES, "message 1");
    clientEphemeral = Shs1.verifyHello(network, msg1);
    if (clientEphemeral == null) {
      throw new HandshakeException(HandshakeError.BAD_CLIENT_HELLO,
          "message 1 does not authenticate: the client is on another network or corrupted the hello");
    }
    ab = Shs1.dh(ephemeral.bytes(), clientEphemeral, "the client's ephemeral key");
    clientHello = msg1.clone();
    hello = Shs1.hello(network, ephemeral.publicKey().bytes());
    state = State.AWAIT_AUTH;
    return hello.clone();
  }

  private byte[] clientAuth(byte[] msg3) {
    Shs1.requireLength(msg3, Shs1.CLIENT_AUTH_BYTES, "message 3");
    byte[] aB = Shs1.dh(longterm.toX25519().bytes(), clientEphemeral, "the client's ephemeral key");
    byte[] msg3Key = Hashes.sha256(network.raw(), ab, aB);
    byte[] plaintext;
    try {
      plaintext = SecretBox.open(msg3, Shs1.ZERO_NONCE, msg3Key);
    } catch (CryptoException e) {
      throw new HandshakeException(HandshakeError.BAD_CLIENT_AUTH,
          "message 3 does not open: wrong server key, replayed hello or corrupted message", e);
    }
    byte[] signatureA = java.util.Arrays.copyOf(plaintext, 64);
    byte[] clientPk = java.util.Arrays.copyOfRange(plaintext, 64, 96);
    byte[] abHash = Hashes.sha256(ab);
    byte[] serverPk = longterm.publicKey().bytes();
    FeedId client = FeedId.of(clientPk);
    Ed25519PublicKey clientKey = PeerKeys.of(client);
    if (!clientKey.verify(Shs1.concat(network.raw(), serverPk, abHash), signatureA)) {
      throw new HandshakeException(HandshakeError.BAD_CLIENT_AUTH,
          "the client's signature in message 3 does not verify");
    }
    byte[] clientCurve = Shs1.curve(clientKey, HandshakeError.BAD_CLIENT_AUTH);
    byte[] Ab = Shs1.dh(ephemeral.bytes(), clientCurve, "the client's long-term key");
    if (!authorizer.test(client)) {
      throw new HandshakeException(HandshakeError.UNAUTHORIZED, "client " + client + " is not authorized");
    }
    byte[] msg4Key = Hashes.sha256(network.raw(), ab, aB, Ab);
    byte[] signatureB = longterm.sign(Shs1.concat(network.raw(), signatureA, clientPk, abHash));
    byte[] msg4 = SecretBox.seal(signatureB, Shs1.ZERO_NONCE, msg4Key);
    keys = Shs1.outcome(msg4Key, serverPk, clientPk, hello, clientHello, client);
    PeerKeys.remember(client, clientKey);
    Shs1.wipe(aB, msg3Key, Ab, msg4Key, abHash, plaintext);
    Shs1.wipe(ab);
    ab = null;
    state = State.DONE;
    return msg4;
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

  private void fail() {
    Shs1.wipe(ab);
    ab = null;
    state = State.FAILED;
  }

  @Override
  public String toString() {
    return "ShsServer[" + state + "]";
  }
}
