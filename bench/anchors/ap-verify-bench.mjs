// ActivityPub anchors for Kith's ParseBenchmark and SignatureBenchmark, single process, single thread:
//  - fedifyCavageVerifyAndParse / fedifyRfc9421VerifyAndParse: Fedify 2.3.6's own verifyRequest on a
//    signed POST of a ~2 KiB Create{Note} (keys cached, as an inbox has them), then JSON.parse of the body;
//  - boundParseAndRsaVerify: the bound the issue names, JSON.parse of the same body plus one RSA-2048
//    PKCS#1 v1.5 verification in OpenSSL (node:crypto), with no HTTP-signature work at all;
//  - jsonParse: JSON.parse alone.
// Prints one JSON object: {"<name>": {"opsPerSec": median, "rounds": [...]}, ...}.
// Usage: node bench/anchors/ap-verify-bench.mjs [roundSeconds=1] [rounds=5]
globalThis.navigator ??= { userAgent: 'node' }; // Fedify reads it when it loads (Node 20 has none)
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'node', 'package.json'));
const sig = await import(require.resolve('@fedify/fedify/sig'));
const { preloadedContexts } = require('@fedify/vocab-runtime');

const roundSeconds = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 5);

const actorId = 'https://remote.example/users/alice';
const keyId = new URL(actorId + '#main-key');
const { privateKey, publicKey } = await sig.generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
const spki = Buffer.from(await crypto.webcrypto.subtle.exportKey('spki', publicKey)).toString('base64');
const pem = '-----BEGIN PUBLIC KEY-----\n' + spki.match(/.{1,64}/g).join('\n') + '\n-----END PUBLIC KEY-----\n';
const actor = {
  '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
  id: actorId, type: 'Person', preferredUsername: 'alice', inbox: actorId + '/inbox',
  publicKey: { id: keyId.href, owner: actorId, publicKeyPem: pem },
};
// Nothing leaves the process: the actor and Fedify's own preloaded JSON-LD contexts are served from memory.
const documentLoader = async (url) => {
  if (url.startsWith(actorId)) return { contextUrl: null, documentUrl: actorId, document: actor };
  if (url in preloadedContexts) return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
  throw new Error('unexpected fetch ' + url);
};
const cache = new Map();
const keyCache = { get: async (k) => cache.get(k.href), set: async (k, v) => { cache.set(k.href, v); } };

const text = 'A fairly ordinary toot with a mention, a hashtag and a link. '.repeat(14);
const body = JSON.stringify({
  '@context': ['https://www.w3.org/ns/activitystreams', { sensitive: 'as:sensitive', Hashtag: 'as:Hashtag' }],
  id: actorId + '/statuses/1/activity', type: 'Create', actor: actorId,
  published: '2026-11-26T12:00:00Z', to: ['https://www.w3.org/ns/activitystreams#Public'], cc: [actorId + '/followers'],
  object: {
    id: actorId + '/statuses/1', type: 'Note', attributedTo: actorId, published: '2026-11-26T12:00:00Z',
    to: ['https://www.w3.org/ns/activitystreams#Public'], cc: [actorId + '/followers', 'https://local.example/users/bob'],
    sensitive: false, summary: null, content: '<p>' + text + '</p>', contentMap: { en: '<p>' + text + '</p>' },
    tag: [{ type: 'Mention', href: 'https://local.example/users/bob', name: '@bob@local.example' },
      { type: 'Hashtag', href: 'https://remote.example/tags/kith', name: '#kith' }],
    attachment: [], replies: { id: actorId + '/statuses/1/replies', type: 'Collection', totalItems: 0 },
  },
});

async function signed(spec) {
  const request = new Request('https://local.example/users/bob/inbox', {
    method: 'POST', headers: { 'Content-Type': 'application/activity+json' }, body,
  });
  return sig.signRequest(request, privateKey, keyId, { spec });
}

async function measureAsync(fn) {
  const rates = [];
  for (let r = -1; r < rounds; r++) {
    const end = performance.now() + roundSeconds * 1000;
    let n = 0;
    const start = performance.now();
    while (performance.now() < end) { await fn(); n++; }
    if (r >= 0) rates.push(n / ((performance.now() - start) / 1000));
  }
  const sorted = [...rates].sort((a, b) => a - b);
  return { opsPerSec: sorted[Math.floor(sorted.length / 2)], rounds: rates };
}

async function fedifyVerify(spec) {
  const request = await signed(spec);
  const key = await sig.verifyRequest(request.clone(), { documentLoader, contextLoader: documentLoader, keyCache });
  if (key == null) throw new Error('Fedify did not verify its own ' + spec + ' signature');
  return measureAsync(async () => {
    const k = await sig.verifyRequest(request.clone(), { documentLoader, contextLoader: documentLoader, keyCache });
    if (k == null) throw new Error('verification failed');
    JSON.parse(await request.clone().text());
  });
}

const nodePriv = crypto.createPrivateKey(Buffer.from(await crypto.webcrypto.subtle.exportKey('pkcs8', privateKey)).toString('base64')
  .match(/.{1,64}/g).reduce((a, l) => a + l + '\n', '-----BEGIN PRIVATE KEY-----\n') + '-----END PRIVATE KEY-----\n');
const nodePub = crypto.createPublicKey(pem);
const signingString = '(request-target): post /users/bob/inbox\nhost: local.example\ndate: Thu, 26 Nov 2026 12:00:00 GMT\ndigest: SHA-256=' +
  crypto.createHash('sha256').update(body).digest('base64');
const rawSig = crypto.sign('sha256', Buffer.from(signingString), nodePriv);

const results = {
  fedifyCavageVerifyAndParse: await fedifyVerify('draft-cavage-http-signatures-12'),
  fedifyRfc9421VerifyAndParse: await fedifyVerify('rfc9421'),
  boundParseAndRsaVerify: await measureAsync(() => {
    JSON.parse(body);
    if (!crypto.verify('sha256', Buffer.from(signingString), nodePub, rawSig)) throw new Error('bad');
  }),
  jsonParse: await measureAsync(() => JSON.parse(body)),
};
results._meta = {
  node: process.version,
  fedify: JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(here, '..', '..', 'node', 'node_modules', '@fedify', 'fedify', 'package.json'), 'utf8'))).version,
  openssl: process.versions.openssl,
  bodyBytes: Buffer.byteLength(body),
  roundSeconds, rounds,
};
console.log(JSON.stringify(results, null, 2));
