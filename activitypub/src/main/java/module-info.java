/** ActivityPub for Kith: vocabulary, discovery, HTTP signatures, actor server, media, inbox, outbox, delivery. */
module social.kith.activitypub {
  requires transitive social.kith.core;
  requires com.fasterxml.jackson.databind;
  requires okhttp3;
  requires com.github.benmanes.caffeine;
  // The embedded ApServer runs on the JDK's own HTTP server, so federating needs no servlet
  // container; ApServer enforces the read deadlines and body limits that server lacks.
  requires jdk.httpserver;

  exports social.kith.activitypub;
  exports social.kith.activitypub.discovery;
  exports social.kith.activitypub.fetch;
  exports social.kith.activitypub.vocab;
  exports social.kith.activitypub.signature;
  exports social.kith.activitypub.jcs;
  exports social.kith.activitypub.outbox;
  exports social.kith.activitypub.delivery;
  exports social.kith.activitypub.server;
  exports social.kith.activitypub.media;
  exports social.kith.activitypub.inbox;
  exports social.kith.activitypub.adapter;
}
