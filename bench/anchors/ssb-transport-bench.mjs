// JS anchor for Kith's TransportBenchmark: the secret-handshake and pull-box-stream packages that
// ssb-server@16.0.1 itself uses (resolved from node/, like sodium-bench.mjs), single process.
// Prints one JSON object: {"<name>": {"opsPerSec"|"mbPerSec": median, "rounds": [...]}, ...}.
// Usage: node bench/anchors/ssb-transport-bench.mjs [roundSeconds=1] [rounds=5]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import net from 'node:net';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'node', 'package.json'));
const shs = require('secret-handshake');
const boxes = require('pull-box-stream');
const pull = require('pull-stream');
const toPull = require('stream-to-pull-stream');
const sodium = require('sodium-native');

const roundSeconds = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function keypair (seedByte) {
  const publicKey = Buffer.alloc(32);
  const secretKey = Buffer.alloc(64);
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, Buffer.alloc(32, seedByte));
  return { publicKey, secretKey };
}
const appKey = Buffer.from('1KHLiKZvAvjbY1ziZEHMXawbCEIM6qwjCDm3VYRan/s=', 'base64');
const serverKeys = keypair(1);
const clientKeys = keypair(2);

// ---- handshakes per second over loopback TCP (connect + handshake + close, one at a time)
const createServerStream = shs.createServer(serverKeys, (pub, cb) => cb(null, true), appKey, 5000);
const createClientStream = shs.createClient(clientKeys, appKey, 5000);
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  const stream = toPull.duplex(socket);
  pull(stream, createServerStream((err) => { if (err) socket.destroy() }), stream);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

function oneHandshake () {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const stream = toPull.duplex(socket);
    pull(stream, createClientStream(serverKeys.publicKey, (err) => {
      socket.destroy();
      err ? reject(err) : resolve();
    }), stream);
  });
}

async function measureAsync (fn) {
  const rates = [];
  for (let r = -1; r < rounds; r++) {
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(roundSeconds * 1e9));
    let n = 0;
    let now = start;
    while (now < end) {
      await fn();
      n++;
      now = process.hrtime.bigint();
    }
    if (r >= 0) rates.push(n / (Number(now - start) / 1e9));
  }
  return { opsPerSec: median(rates), rounds: rates };
}

// ---- box-stream encryption MB/s: 4096-byte chunks through pull-box-stream
const key = Buffer.alloc(32, 3);
const nonce = Buffer.alloc(24, 5);
const chunk = Buffer.alloc(4096, 9);
function boxRun (chunks) {
  return new Promise((resolve, reject) => {
    const input = new Array(chunks).fill(chunk);
    pull(pull.values(input), boxes.createBoxStream(key, nonce), pull.collect((err) => err ? reject(err) : resolve()));
  });
}
async function measureBoxStream () {
  const rates = [];
  const chunks = 256; // 1 MiB per run
  for (let r = -1; r < rounds; r++) {
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(roundSeconds * 1e9));
    let bytes = 0;
    let now = start;
    while (now < end) {
      await boxRun(chunks);
      bytes += chunks * 4096;
      now = process.hrtime.bigint();
    }
    if (r >= 0) rates.push(bytes / 1e6 / (Number(now - start) / 1e9));
  }
  return { mbPerSec: median(rates), rounds: rates };
}

function measureSecretbox () {
  const box = Buffer.alloc(4096 + 16);
  const rates = [];
  for (let r = -1; r < rounds; r++) {
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(roundSeconds * 1e9));
    let n = 0;
    let now = start;
    while (now < end) {
      for (let i = 0; i < 64; i++) sodium.crypto_secretbox_easy(box, chunk, nonce, key);
      n += 64;
      now = process.hrtime.bigint();
    }
    if (r >= 0) rates.push(n * 4096 / 1e6 / (Number(now - start) / 1e9));
  }
  return { mbPerSec: median(rates), rounds: rates };
}

const results = {
  shsHandshakeLoopback: await measureAsync(oneHandshake),
  boxStreamEncrypt4k: await measureBoxStream(),
  secretboxSeal4k: measureSecretbox()
};
server.close();
console.log(JSON.stringify({
  node: process.version,
  packages: { 'secret-handshake': require('secret-handshake/package.json').version, 'pull-box-stream': require('pull-box-stream/package.json').version },
  roundSeconds,
  rounds,
  results
}, null, 2));
