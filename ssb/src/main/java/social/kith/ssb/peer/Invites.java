package social.kith.ssb.peer;

import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import social.kith.crypto.Ed25519;
import social.kith.ssb.FeedId;
import social.kith.ssb.Invite;
import social.kith.ssb.MessageId;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.MuxRpcException;
import social.kith.ssb.net.NetError;
import social.kith.ssb.net.NetException;
import social.kith.ssb.net.NetTimeouts;
import social.kith.ssb.net.SsbConnection;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.shs.HandshakeException;
import social.kith.ssb.shs.NetworkKey;

/**
 * The client side of ssb-invite: a pub hands out an invite code holding a throwaway key seed; whoever
 * dials the pub with that key (secret handshake as the invite key) may call {@code invite.use({feed})}
 * once, and the pub then publishes a follow of that feed. As ssb-invite's {@code accept} does, the
 * user then follows the pub ({@code {type: 'contact', following: true, autofollow: true}}), announces
 * it ({@code {type: 'pub', address: {host, port, key}}}) and keeps it connected so that it replicates.
 *
 * <p>Nothing is published unless the pub answered with its signed follow of our feed; every failure is
 * an {@link InvitesException} with an {@link InvitesError}. The seed never appears in messages or logs.
 */
public final class Invites {
  private static final System.Logger LOG = System.getLogger(Invites.class.getName());
  /** How long {@link SsbPeer#useInvite(String)} waits for the pub's answer to {@code invite.use}. */
  public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(30);

  /** secret-stack's permission refusal, which a used-up ssb-invite key gets for {@code invite.use}. */
  private static final String NOT_ALLOWED = "is not in list of allowed methods";

  private Invites() { }

  /**
   * A used invite.
   *
   * @param pub the pub's feed id
   * @param address the pub's multiserver address, now kept connected
   * @param pubFollow the id of the pub's follow of our feed (on the pub's feed)
   * @param follow our follow of the pub, as published
   * @param announcement our {@code pub} message announcing its address, as published
   */
  public record Accepted(FeedId pub, String address, MessageId pubFollow, SsbMessage follow, SsbMessage announcement) {
    public Accepted {
      Objects.requireNonNull(pub, "pub");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(pubFollow, "pubFollow");
      Objects.requireNonNull(follow, "follow");
      Objects.requireNonNull(announcement, "announcement");
    }
  }

  /** What a parsed code gives: where to dial and with which key. Holds the invite secret: no toString of it. */
  record Parsed(MultiserverAddress.ShsAddress pub, SsbKeyPair inviteKeys) {
    @Override
    public String toString() {
      return "Invites.Parsed[" + pub.toMultiserver() + "]";
    }
  }

  /**
   * Parses a legacy ({@code host:port:@key.ed25519~seed}) or multiserver ({@code net:host:port~shs:key:seed})
   * invite code into the pub's address and the invite key pair.
   *
   * @throws InvitesException {@link InvitesError#INVALID_CODE}
   */
  static Parsed parse(String code) {
    Invite invite;
    try {
      invite = Invite.parse(code);
    } catch (SsbException e) {
      throw new InvitesException(InvitesError.INVALID_CODE, e.getMessage());
    }
    MultiserverAddress.ShsAddress pub;
    try {
      pub = MultiserverAddress.parse(invite.remote()).shs().orElse(null);
    } catch (SsbException e) {
      pub = null;
    }
    if (pub == null || pub.port() <= 0 || pub.port() > 65535) {
      throw new InvitesException(InvitesError.INVALID_CODE, "the invite has no net:host:port~shs:key address");
    }
    String text = invite.invite();
    String seedText = text.substring(text.lastIndexOf(':') + 1);
    byte[] seed;
    try {
      seed = Base64.getDecoder().decode(seedText);
    } catch (IllegalArgumentException e) {
      throw new InvitesException(InvitesError.INVALID_CODE, "the invite seed is not base64");
    }
    if (seed.length != 32) {
      throw new InvitesException(InvitesError.INVALID_CODE, "the invite seed has " + seed.length + " bytes, not 32");
    }
    SsbKeyPair keys = SsbKeyPair.ofSecretKey(Ed25519.fromSeed(seed).toSodiumSecretKey());
    java.util.Arrays.fill(seed, (byte) 0);
    return new Parsed(pub, keys);
  }

  /**
   * Uses {@code code} for {@code peer}'s identity: dials the pub as the invite key, calls
   * {@code invite.use}, checks the answer, then publishes the follow and the pub announcement and keeps
   * the pub connected. Blocks for at most the connect and handshake timeouts plus {@code answerTimeout}.
   *
   * @throws InvitesException for a bad code, an unreachable or refusing pub, or a wrong answer; then
   *     nothing was published
   */
  static Accepted use(SsbPeer peer, NetworkKey network, NetTimeouts timeouts, String code, Duration answerTimeout) {
    Parsed parsed = parse(code);
    FeedId me = peer.id();
    MessageId pubFollow;
    try (SsbTransport t = SsbTransport.builder(parsed.inviteKeys()).networkKey(network).timeouts(timeouts).build()) {
      SsbConnection c = dial(t, parsed.pub());
      try {
        Body answer = c.rpc().async("invite.use", JsonObject.builder().put("feed", me.toString()).build())
            .get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        pubFollow = checkAnswer(answer, parsed.pub().key(), me);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MuxRpcException m && m.error() == social.kith.ssb.muxrpc.MuxRpcError.REMOTE_ERROR
            && String.valueOf(m.getMessage()).contains(NOT_ALLOWED)) {
          // ssb-invite leaves a used-up key able to connect, with no method allowed
          throw new InvitesException(InvitesError.REFUSED, "the pub no longer allows this invite key: it is used up", m);
        }
        if (cause instanceof MuxRpcException m && m.error() == social.kith.ssb.muxrpc.MuxRpcError.REMOTE_ERROR) {
          throw new InvitesException(InvitesError.NOT_ACCEPTED, "the pub refused the invite: " + m.getMessage(), m);
        }
        throw new InvitesException(InvitesError.UNREACHABLE, "the connection to the pub failed: " + cause.getMessage(), cause);
      } catch (TimeoutException e) {
        throw new InvitesException(InvitesError.TIMEOUT, "the pub did not answer invite.use within " + answerTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InvitesException(InvitesError.TIMEOUT, "interrupted while waiting for the pub");
      } finally {
        c.close();
      }
    }
    MultiserverAddress.ShsAddress pub = parsed.pub();
    SsbMessage follow = peer.publish(JsonObject.builder().put("type", "contact").put("following", true)
        .put("autofollow", true).put("contact", pub.key().toString()).build());
    SsbMessage announcement = peer.publish(JsonObject.builder().put("type", "pub").put("address",
        JsonObject.builder().put("host", pub.host()).put("port", pub.port()).put("key", pub.key().toString()).build())
        .build());
    String address = pub.toMultiserver();
    peer.keepConnected(address);
    LOG.log(System.Logger.Level.INFO, "invite used: {0} follows {1}", pub.key(), me);
    return new Accepted(pub.key(), address, pubFollow, follow, announcement);
  }

  private static SsbConnection dial(SsbTransport t, MultiserverAddress.ShsAddress pub) {
    try {
      return t.connect(pub.toMultiserver());
    } catch (NetException e) {
      if (e.code() == NetError.HANDSHAKE_CLOSED) {
        throw new InvitesException(InvitesError.REFUSED,
            "the pub closed the handshake of the invite key: the invite is unknown or used up", e);
      }
      throw new InvitesException(InvitesError.UNREACHABLE, "cannot reach the pub " + pub.toMultiserver() + ": "
          + e.getMessage(), e);
    } catch (HandshakeException e) {
      throw new InvitesException(InvitesError.REFUSED, "the pub's handshake answer was refused: " + e.getMessage(), e);
    }
  }

  /**
   * The answer of ssb-invite's {@code use} is the pub's published message {@code {key, value, timestamp}}:
   * its key must be the id of its value, authored by the pub, a follow of {@code me}.
   */
  static MessageId checkAnswer(Body answer, FeedId pub, FeedId me) {
    JsonValue json = answer.json().orElse(null);
    if (!(json instanceof JsonObject o) || !(o.get("key").orElse(null) instanceof JsonString key)
        || !(o.get("value").orElse(null) instanceof JsonObject value)) {
      throw new InvitesException(InvitesError.BAD_ANSWER, "invite.use did not answer with a message {key, value}");
    }
    if (!MessageId.isValid(key.value())) {
      throw new InvitesException(InvitesError.BAD_ANSWER, "invite.use answered a message without a valid key");
    }
    MessageId id = MessageId.parse(key.value());
    MessageId computed;
    try {
      computed = SsbMessage.idOf(value);
    } catch (RuntimeException e) {
      throw new InvitesException(InvitesError.BAD_ANSWER, "invite.use answered a message that cannot be hashed");
    }
    if (!computed.equals(id)) { // not secret: a public message id
      throw new InvitesException(InvitesError.BAD_ANSWER, "invite.use answered a key that is not its message's id");
    }
    boolean byPub = value.get("author").orElse(null) instanceof JsonString a && a.value().equals(pub.toString());
    JsonObject content = value.get("content").orElse(null) instanceof JsonObject c ? c : JsonObject.EMPTY;
    boolean followsMe = content.get("type").orElse(null) instanceof JsonString t && t.value().equals("contact")
        && content.get("contact").orElse(null) instanceof JsonString who && who.value().equals(me.toString())
        && content.get("following").orElse(null) == JsonBoolean.TRUE;
    if (!byPub || !followsMe || !(value.get("sequence").orElse(null) instanceof JsonNumber)) {
      throw new InvitesException(InvitesError.BAD_ANSWER, "invite.use answered something else than the pub's follow of "
          + me);
    }
    return id;
  }
}
