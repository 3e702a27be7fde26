// libsodium anchor for the crypto benchmarks: the same operations as Kith's JMH CryptoBenchmark,
// run through pinned sodium-native (libsodium) and Node's OpenSSL (for RSA-2048, which libsodium lacks),
// single-threaded. Prints one JSON object: {"<name>": {"opsPerSec": median, "rounds": [...]}, ...}.
// Usage: node bench/anchors/sodium-bench.mjs [roundSeconds=1] [rounds=5]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'node', 'package.json'));
const sodium = require('sodium-native');

const roundSeconds = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 5);

function measure(fn) {
  // warm up for one round, then measure `rounds` rounds and keep each round's rate
  const rates = [];
  for (let r = -1; r < rounds; r++) {
    const end = process.hrtime.bigint() + BigInt(Math.round(roundSeconds * 1e9));
    let n = 0;
    const start = process.hrtime.bigint();
    let now = start;
    while (now < end) {
      for (let i = 0; i < 64; i++) fn();
      n += 64;
      now = process.hrtime.bigint();
    }
    if (r >= 0) rates.push(n / (Number(now - start) / 1e9));
  }
  const sorted = [...rates].sort((a, b) => a - b);
  return { opsPerSec: sorted[Math.floor(sorted.length / 2)], rounds: rates };
}

const msg32 = Buffer.alloc(32, 7);
const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
sodium.crypto_sign_seed_keypair(pk, sk, Buffer.alloc(32, 1));
const sig = Buffer.alloc(sodium.crypto_sign_BYTES);
sodium.crypto_sign_detached(sig, msg32, sk);

const key = Buffer.alloc(32, 3);
const nonce = Buffer.alloc(24, 5);
const plain4k = Buffer.alloc(4096, 9);
const box4k = Buffer.alloc(4096 + sodium.crypto_secretbox_MACBYTES);
const data1k = Buffer.alloc(1024, 11);
const out32 = Buffer.alloc(32);

const { publicKey: rsaPub, privateKey: rsaPriv } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaSig = crypto.sign('sha256', msg32, rsaPriv);

const results = {
  ed25519Sign: measure(() => sodium.crypto_sign_detached(sig, msg32, sk)),
  ed25519Verify: measure(() => { if (!sodium.crypto_sign_verify_detached(sig, msg32, pk)) throw new Error('bad'); }),
  secretboxSeal4k: measure(() => sodium.crypto_secretbox_easy(box4k, plain4k, nonce, key)),
  sha256_1k: measure(() => sodium.crypto_hash_sha256(out32, data1k)),
  auth1k: measure(() => sodium.crypto_auth(out32, data1k, key)),
  rsa2048Sign: measure(() => crypto.sign('sha256', msg32, rsaPriv)),
  rsa2048Verify: measure(() => { if (!crypto.verify('sha256', msg32, rsaPub, rsaSig)) throw new Error('bad'); }),
};
results._meta = {
  node: process.version,
  sodiumNative: require('sodium-native/package.json').version,
  openssl: process.versions.openssl,
  roundSeconds, rounds,
};
console.log(JSON.stringify(results, null, 2));
