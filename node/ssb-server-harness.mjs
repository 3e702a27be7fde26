// A real ssb-server@16.0.1 (plus ssb-friends@4.1.4) on 127.0.0.1 for Kith's transport interop tests.
// Fresh keys and a temporary data folder on every start; the folder is removed on exit.
//
// stdout: one JSON line when ready: {"ready":true,"id":"@...ed25519","address":"net:127.0.0.1:PORT~shs:KEY","port":PORT}
// stdin, one JSON request per line, one JSON answer line each:
//   {"op":"publish","count":N}        publishes N post messages -> {"ok":true,"ids":[...],"sequence":S}
//   {"op":"connect","address":"..."}  gossip.connect-style dial to a peer, then calls its manifest
//                                     -> {"ok":true,"manifest":{...}} or {"ok":false,"error":"..."}
//   {"op":"stop"}                     closes the server and exits 0
// Closing stdin also stops it.
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import readline from 'node:readline'

const require = createRequire(import.meta.url)
const ssbKeys = require('ssb-keys')
const setDefaults = require('ssb-config/defaults')

function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kith-ssb-server-'))
const port = await freePort()
const keys = ssbKeys.generate()
const config = setDefaults('kith-test', {
  path: dir,
  keys,
  host: '127.0.0.1',
  port,
  local: false, // no LAN broadcast from a test
  logging: { level: 'error' },
  connections: {
    incoming: { net: [{ host: '127.0.0.1', port, scope: 'device', transform: 'shs' }] },
    outgoing: { net: [{ transform: 'shs' }] }
  }
})

// The plugin list of `ssb-server start` (bin.js of 16.0.1), in its order; ssb-friends resolves to the
// pinned ssb-friends@4.1.4. Only the net listener on 127.0.0.1 is configured above.
const createSsbServer = require('ssb-server')
  .use(require('ssb-private1'))
  .use(require('ssb-onion'))
  .use(require('ssb-unix-socket'))
  .use(require('ssb-no-auth'))
  .use(require('ssb-plugins'))
  .use(require('ssb-master'))
  .use(require('ssb-gossip'))
  .use(require('ssb-replicate'))
  .use(require('ssb-friends'))
  .use(require('ssb-blobs'))
  .use(require('ssb-invite'))
  .use(require('ssb-local'))
  .use(require('ssb-logging'))
  .use(require('ssb-query'))
  .use(require('ssb-links'))
  .use(require('ssb-ws'))
  .use(require('ssb-ebt'))
  .use(require('ssb-ooo'))

const server = createSsbServer(config)
const address = server.getAddress('device') || server.getAddress()

function reply (obj) { process.stdout.write(JSON.stringify(obj) + '\n') }

let stopping = false
function stop (code) {
  if (stopping) return
  stopping = true
  const done = () => {
    try { fs.rmSync(dir, { recursive: true, force: true }) } catch (e) {}
    process.exit(code)
  }
  server.close(true, done)
  setTimeout(done, 3000).unref()
}

function publish (count, cb) {
  const ids = []
  let sequence = 0
  const next = (i) => {
    if (i >= count) return cb(null, { ok: true, ids, sequence })
    server.publish({ type: 'post', text: 'kith interop message ' + i }, (err, msg) => {
      if (err) return cb(err)
      ids.push(msg.key)
      sequence = msg.value.sequence
      next(i + 1)
    })
  }
  next(0)
}

function connect (addr, cb) {
  // ssb-gossip's connect (what `gossip.connect` does), then ask the peer for its manifest.
  server.connect(addr, (err, rpc) => {
    if (err) return cb(null, { ok: false, error: String(err.message || err) })
    rpc.manifest((err2, manifest) => {
      if (err2) return cb(null, { ok: false, error: String(err2.message || err2) })
      cb(null, { ok: true, manifest })
    })
  })
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  let req
  try { req = JSON.parse(line) } catch (e) { return reply({ ok: false, error: 'bad json' }) }
  const done = (err, res) => reply(err ? { ok: false, error: String(err.message || err) } : res)
  if (req.op === 'publish') publish(req.count || 1, done)
  else if (req.op === 'connect') connect(req.address, done)
  else if (req.op === 'stop') { reply({ ok: true }); stop(0) }
  else reply({ ok: false, error: 'unknown op ' + req.op })
})
rl.on('close', () => stop(0))
process.on('SIGTERM', () => stop(0))

reply({ ready: true, id: server.id, address, port })
