/** Implementation details of the signature package (RFC 8941 structured fields). Not exported. */
package social.kith.activitypub.signature.internal;
