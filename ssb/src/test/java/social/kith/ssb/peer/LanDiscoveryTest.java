package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.ssb.FeedId;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.store.SsbStore;

/**
 * LAN discovery on the loopback network only: a free UDP port, broadcasts to 127.255.255.255, peers on
 * 127.0.0.1. Two Kith peers find each other and replicate; malformed datagrams are refused with
 * nothing remembered and nothing dialled.
 */
class LanDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String KEY = "Gp17pEoQ2A32SVobsWjWLD2hMA7zfyM+JhGVnlI9Uik=";
  private Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private int udpPort;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory("kith-lan");
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udpPort = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private record Node(SsbPeer peer, SsbStore store, SsbKeyPair keys) { }

  private Node node(String name, FeedId... follow) {
    SsbKeyPair k = keys();
    SsbStore s = store(dir.resolve(name + "-store"));
    open.add(s);
    SsbPeer p = SsbPeer.builder(k, s, BlobStore.open(dir.resolve(name + "-blobs"))).listen("127.0.0.1", 0)
        .follow(follow).hops(0).lan(LanOptions.loopback(udpPort)).build().start();
    open.add(p);
    return new Node(p, s, k);
  }

  private static boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // a poll interval, not a wait for a condition
    }
    return true;
  }

  private void send(byte[] payload) throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), udpPort));
    }
  }

  @Test
  void twoPeersFindEachOtherOnTheLoopbackNetworkAndReplicate() {
    SsbKeyPair bobKeys = keys();
    Node alice = node("alice", bobKeys.id());
    SsbStore bobStore = store(dir.resolve("bob-store"));
    open.add(bobStore);
    SsbPeer bob = SsbPeer.builder(bobKeys, bobStore, BlobStore.open(dir.resolve("bob-blobs"))).listen("127.0.0.1", 0)
        .lan(LanOptions.loopback(udpPort)).build().start();
    open.add(bob);
    for (int i = 0; i < 5; i++) {
      bob.publish(post("bob on the LAN " + i));
    }
    assertTrue(alice.peer().awaitSequence(bob.id(), 5, WAIT), "alice found bob by his announcement and replicated him");
    LanDiscovery d = alice.peer().lanDiscovery().orElseThrow();
    assertEquals(bob.address().orElseThrow(), d.peers().get(bob.id()).text());
    assertTrue(await(() -> bob.lanDiscovery().orElseThrow().peers().containsKey(alice.peer().id())));
    assertFalse(d.peers().containsKey(alice.peer().id()), "our own announcement is ignored");
    assertTrue(d.sent() > 0);
    assertEquals(0, d.refused());
  }

  @Test
  void peerNetworksBehindTwoAdaptersConnectByLanDiscovery() {
    PeerNetwork a = PeerNetwork.builder().listen("127.0.0.1", 0).lan(LanOptions.loopback(udpPort)).build();
    PeerNetwork b = PeerNetwork.builder().listen("127.0.0.1", 0).lan(LanOptions.loopback(udpPort)).build();
    for (var n : List.of(java.util.Map.entry("a", a), java.util.Map.entry("b", b))) {
      var adapter = social.kith.ssb.adapter.SsbAdapter.open(dir.resolve(n.getKey()), n.getValue());
      open.add(social.kith.core.Kith.builder().adapter(adapter).identity(adapter.localIdentity()).build()); // starts the network
    }
    assertTrue(await(() -> a.stats().connections() >= 1 && b.stats().connections() >= 1),
        "the two networks found and dialled each other");
    FeedId bId = b.peer().orElseThrow().id();
    assertTrue(a.peer().orElseThrow().connections().stream().anyMatch(c -> c.peer().equals(bId)));
  }

  @Test
  void malformedAndOversizedDatagramsAreRefusedAndNothingIsDialled() throws Exception {
    Node alice = node("alice");
    LanDiscovery d = alice.peer().lanDiscovery().orElseThrow();
    try (ServerSocket bait = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        ServerSocket real = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String baitAddress = "net:127.0.0.1:" + bait.getLocalPort() + "~shs:" + KEY;
      List<byte[]> bad = new ArrayList<>();
      bad.add((baitAddress + ";" + "x".repeat(LanAnnouncement.MAX_BYTES)).getBytes(StandardCharsets.UTF_8));
      bad.add(new byte[] {'n', 'e', 't', ':', (byte) 0xff, (byte) 0xfe});
      bad.add("hello".getBytes(StandardCharsets.UTF_8));
      bad.add(("net:127.0.0.1:" + bait.getLocalPort()).getBytes(StandardCharsets.UTF_8));
      bad.add(("net:127.0.0.1:0~shs:" + KEY).getBytes(StandardCharsets.UTF_8));
      bad.add(new byte[0]);
      for (byte[] b : bad) {
        send(b);
      }
      // then one good announcement (of a listener we hold): once it is dialled, all the above were handled
      FeedId realKey = keys().id();
      String realAddress = new MultiserverAddress.ShsAddress("127.0.0.1", real.getLocalPort(), realKey).toMultiserver();
      send(realAddress.getBytes(StandardCharsets.UTF_8));
      real.setSoTimeout((int) WAIT.toMillis());
      try (Socket dialled = real.accept()) {
        assertTrue(dialled.isConnected());
      }
      assertEquals(bad.size(), d.refused());
      assertEquals(java.util.Set.of(realKey), d.peers().keySet(), "only the good announcement is remembered");
      bait.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, bait::accept, "the refused datagrams were not dialled");
      assertTrue(alice.store().feedState(FeedId.parse("@" + KEY + ".ed25519")).isEmpty(), "nothing stored");
    }
  }

  @Test
  void ssbLocalsAnnouncementFormatParses() {
    LanAnnouncement a = LanAnnouncement.parse(("net:192.168.1.5:8008~shs:" + KEY).getBytes(StandardCharsets.UTF_8), 0,
        ("net:192.168.1.5:8008~shs:" + KEY).length());
    assertEquals("192.168.1.5", a.peer().host());
    assertEquals(8008, a.peer().port());
    assertEquals("@" + KEY + ".ed25519", a.peer().key().toString());
    String multi = "ws://192.168.1.5:8989~shs:" + KEY + ";net:192.168.1.5:8008~shs:" + KEY;
    byte[] bytes = multi.getBytes(StandardCharsets.UTF_8);
    assertEquals(8008, LanAnnouncement.parse(bytes, 0, bytes.length).peer().port(), "the net: part is dialled");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "net:1.2.3.4:8008", "net:1.2.3.4:8008~noise:" + KEY, "ws://1.2.3.4:8989~shs:" + KEY,
      "net:1.2.3.4:99999~shs:" + KEY})
  void announcementsWithoutANetShsAddressAreRefused(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    LanException e = assertThrows(LanException.class, () -> LanAnnouncement.parse(b, 0, b.length));
    assertTrue(e.error() == LanError.MALFORMED || e.error() == LanError.NOT_SHS, e.getMessage());
  }

  @Test
  void tooLargeAndNonUtf8DatagramsHaveTheirOwnReasons() {
    byte[] big = new byte[LanAnnouncement.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    assertEquals(LanError.TOO_LARGE, assertThrows(LanException.class, () -> LanAnnouncement.parse(big, 0, big.length)).error());
    byte[] bad = {(byte) 0xc3, (byte) 0x28};
    assertEquals(LanError.MALFORMED, assertThrows(LanException.class, () -> LanAnnouncement.parse(bad, 0, 2)).error());
  }

  @Test
  void optionsRefuseNonsense() {
    assertThrows(IllegalArgumentException.class, () -> LanOptions.loopback(0));
    assertThrows(IllegalArgumentException.class, () -> new LanOptions(8008, InetAddress.getLoopbackAddress(),
        InetAddress.getLoopbackAddress(), Duration.ZERO, true));
    assertEquals(8008, LanOptions.DEFAULT.port());
    assertEquals("255.255.255.255", LanOptions.DEFAULT.broadcast().getHostAddress());
  }
}
