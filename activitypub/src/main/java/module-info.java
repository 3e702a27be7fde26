/** ActivityPub for Kith: vocabulary, discovery, HTTP signatures, actor server, inbox, outbox, delivery. */
module social.kith.activitypub {
  requires transitive social.kith.core;
  requires com.fasterxml.jackson.databind;
  requires okhttp3;
  requires com.github.benmanes.caffeine;

  exports social.kith.activitypub;
  exports social.kith.activitypub.discovery;
  exports social.kith.activitypub.fetch;
  exports social.kith.activitypub.vocab;
  exports social.kith.activitypub.signature;
  exports social.kith.activitypub.jcs;
  exports social.kith.activitypub.outbox;
  exports social.kith.activitypub.delivery;
}
