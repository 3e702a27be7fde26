// Differential oracle for Kith's libsodium-compatible crypto (crypto/src/test/.../Sodium*Test).
// Protocol: one JSON line on stdin = an array of requests; one JSON line on stdout = the array of
// answers, in order. Byte strings are hex. Each request is {op, ...}; an answer is {rc, ...}
// where rc is libsodium's return code (0 or -1), or {error} if the request itself was malformed.
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'

const require = createRequire(import.meta.url)
const sodium = require('sodium-native')

const hex = (b) => Buffer.from(b).toString('hex')
const buf = (h) => Buffer.from(h ?? '', 'hex')

// sodium-native throws 'status: -1' where libsodium returns -1; anything else is a real error.
const status = (e) => {
  if (String(e && e.message).startsWith('status:')) return { rc: -1 }
  throw e
}

const ops = {
  version: () => ({ rc: 0 }),
  sign_seed_keypair ({ seed }) {
    const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES)
    const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES)
    sodium.crypto_sign_seed_keypair(pk, sk, buf(seed))
    return { rc: 0, pk: hex(pk), sk: hex(sk) }
  },
  sign_detached ({ sk, m }) {
    const sig = Buffer.alloc(sodium.crypto_sign_BYTES)
    sodium.crypto_sign_detached(sig, buf(m), buf(sk))
    return { rc: 0, sig: hex(sig) }
  },
  sign_verify_detached ({ sig, m, pk }) {
    const s = buf(sig); const p = buf(pk)
    if (s.length !== sodium.crypto_sign_BYTES || p.length !== sodium.crypto_sign_PUBLICKEYBYTES) {
      return { rc: -1 } // sodium-native throws on wrong lengths; libsodium's C API cannot take them
    }
    return { rc: sodium.crypto_sign_verify_detached(s, buf(m), p) ? 0 : -1 }
  },
  pk_to_curve25519 ({ pk }) {
    const x = Buffer.alloc(32)
    try {
      sodium.crypto_sign_ed25519_pk_to_curve25519(x, buf(pk))
      return { rc: 0, x: hex(x) }
    } catch (e) {
      return status(e)
    }
  },
  sk_to_curve25519 ({ sk }) {
    const x = Buffer.alloc(32)
    sodium.crypto_sign_ed25519_sk_to_curve25519(x, buf(sk))
    return { rc: 0, x: hex(x) }
  },
  scalarmult ({ n, p }) {
    const q = Buffer.alloc(32)
    try {
      sodium.crypto_scalarmult(q, buf(n), buf(p))
      return { rc: 0, q: hex(q) }
    } catch (e) {
      return status(e)
    }
  },
  scalarmult_base ({ n }) {
    const q = Buffer.alloc(32)
    sodium.crypto_scalarmult_base(q, buf(n))
    return { rc: 0, q: hex(q) }
  },
  secretbox_easy ({ m, n, k }) {
    const mm = buf(m)
    const c = Buffer.alloc(mm.length + sodium.crypto_secretbox_MACBYTES)
    sodium.crypto_secretbox_easy(c, mm, buf(n), buf(k))
    return { rc: 0, c: hex(c) }
  },
  secretbox_open_easy ({ c, n, k }) {
    const cc = buf(c)
    if (cc.length < sodium.crypto_secretbox_MACBYTES) return { rc: -1 }
    const m = Buffer.alloc(cc.length - sodium.crypto_secretbox_MACBYTES)
    return sodium.crypto_secretbox_open_easy(m, cc, buf(n), buf(k)) ? { rc: 0, m: hex(m) } : { rc: -1 }
  },
  box_easy ({ m, n, pk, sk }) {
    const mm = buf(m)
    const c = Buffer.alloc(mm.length + sodium.crypto_box_MACBYTES)
    try {
      sodium.crypto_box_easy(c, mm, buf(n), buf(pk), buf(sk))
      return { rc: 0, c: hex(c) }
    } catch (e) {
      return status(e)
    }
  },
  box_open_easy ({ c, n, pk, sk }) {
    const cc = buf(c)
    if (cc.length < sodium.crypto_box_MACBYTES) return { rc: -1 }
    const m = Buffer.alloc(cc.length - sodium.crypto_box_MACBYTES)
    try {
      return sodium.crypto_box_open_easy(m, cc, buf(n), buf(pk), buf(sk)) ? { rc: 0, m: hex(m) } : { rc: -1 }
    } catch (e) {
      return status(e)
    }
  },
  auth ({ m, k }) {
    const h = Buffer.alloc(sodium.crypto_auth_BYTES)
    sodium.crypto_auth(h, buf(m), buf(k))
    return { rc: 0, h: hex(h) }
  },
  auth_verify ({ h, m, k }) {
    const hh = buf(h)
    if (hh.length !== sodium.crypto_auth_BYTES) return { rc: -1 }
    return { rc: sodium.crypto_auth_verify(hh, buf(m), buf(k)) ? 0 : -1 }
  }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  if (!line.trim()) return
  let answers
  try {
    const reqs = JSON.parse(line)
    answers = reqs.map((r) => {
      const f = ops[r.op]
      if (!f) return { error: 'unknown op ' + r.op }
      try {
        return f(r)
      } catch (e) {
        return { error: String(e && e.message) }
      }
    })
  } catch (e) {
    answers = [{ error: 'bad request line: ' + e.message }]
  }
  process.stdout.write(JSON.stringify(answers) + '\n')
})
