package social.kith.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import social.kith.core.Kith;
import social.kith.core.event.Event;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.ssb.adapter.SsbAdapter;
import social.kith.ssb.peer.PeerNetwork;

/** A second Kith SSB node on loopback (adapter, live network, client, recorded events) for the examples' tests. */
record SsbNode(PeerNetwork net, SsbAdapter adapter, Kith kith, List<Event> events) implements AutoCloseable {
  static SsbNode start(Path dir) {
    PeerNetwork net = PeerNetwork.builder().listen("127.0.0.1", 0).build();
    SsbAdapter adapter = SsbAdapter.open(dir, net);
    Kith kith = Kith.builder().adapter(adapter).identity(adapter.localIdentity()).build();
    List<Event> events = new CopyOnWriteArrayList<>();
    kith.on(events::add);
    return new SsbNode(net, adapter, kith, events);
  }

  IdentityId id() {
    return kith.identity(Protocol.SSB).orElseThrow().id();
  }

  String address() {
    return net.address().orElseThrow();
  }

  Post publish(PostDraft draft) {
    return kith.publish(draft).orThrow().post(Protocol.SSB).orElseThrow();
  }

  boolean heard(Predicate<Event> p) {
    return events.stream().anyMatch(p);
  }

  @Override
  public void close() {
    kith.close();
  }
}
