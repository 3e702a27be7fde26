/**
 * The protocol-neutral model and API of Kith: identities, posts, interactions, feeds and events, the
 * protocol adapter SPI, the client facade, the crash-safe append-only log and the store seams.
 */
module social.kith.core {
  requires transitive social.kith.crypto;
  requires org.jsoup;

  exports social.kith.core;
  exports social.kith.core.event;
  exports social.kith.core.feed;
  exports social.kith.core.html;
  exports social.kith.core.log;
  exports social.kith.core.model;
  exports social.kith.core.spi;
  exports social.kith.core.store;

  // Helpers that must behave identically in several protocol modules; not part of the public API.
  exports social.kith.core.internal to social.kith.ssb, social.kith.activitypub;
}
