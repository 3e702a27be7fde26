/** Secure Scuttlebutt for Kith: feeds, validation, store, private box, blobs, handshake, box-stream, muxrpc, replication. */
module social.kith.ssb {
  requires transitive social.kith.core;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;

  exports social.kith.ssb;
  exports social.kith.ssb.box;
  exports social.kith.ssb.json;
  exports social.kith.ssb.store;
  exports social.kith.ssb.blobs;
  exports social.kith.ssb.shs;
  exports social.kith.ssb.boxstream;
  exports social.kith.ssb.muxrpc;
  exports social.kith.ssb.net;
  exports social.kith.ssb.mapping;
  exports social.kith.ssb.adapter;
  exports social.kith.ssb.peer;
}
