// A real ssb-server@16.0.1 (plus ssb-friends@4.1.4) on 127.0.0.1 for Kith's transport interop tests.
// Fresh keys and a temporary data folder on every start; the folder is removed on exit.
//
// stdout: one JSON line when ready: {"ready":true,"id":"@...ed25519","address":"net:127.0.0.1:PORT~shs:KEY","port":PORT}
// stdin, one JSON request per line, one JSON answer line each:
//   {"op":"publish","count":N}        publishes N post messages -> {"ok":true,"ids":[...],"sequence":S}
//   {"op":"connect","address":"..."}  gossip.connect-style dial to a peer, then calls its manifest
//                                     -> {"ok":true,"manifest":{...}} or {"ok":false,"error":"..."}
//   {"op":"post","content":{...}}     publishes one message (recps in the content box it with ssb-private1)
//                                     -> {"ok":true,"key":"%...","sequence":S}
//   {"op":"follow","id":"@..."}       publishes {type:'contact', contact: id, following: true}
//   {"op":"history","id":"@..."}      this server's own createHistoryStream of a feed -> {"ok":true,"ids":[...]}
//   {"op":"get","id":"%..."}          one message, decrypted if it is for us -> {"ok":true,"value":{...}}
//   {"op":"addBlob","base64":"..."}   stores a blob -> {"ok":true,"id":"&..."}
//   {"op":"wantBlob","id":"&..."}     blobs.want from connected peers, then reads it back and hashes it
//                                     -> {"ok":true,"sha256":"<base64>","size":N}
//   {"op":"bulk","count":N}           signs N posts of a new feed here and adds them through the server's
//                                     createWriteStream (fast) -> {"ok":true,"id":"@...","ids":[...]}
//   {"op":"invite","uses":N}        invite.create (ssb-invite) for N uses (needs --invites)
//                                     -> {"ok":true,"code":"127.0.0.1:PORT:@KEY.ed25519~SEED"}
//   {"op":"contacts"}                 this server's own contact messages, oldest first
//                                     -> {"ok":true,"contacts":[{"key":"%...","content":{...}}]}
//   {"op":"stop"}                     closes the server and exits 0
// Closing stdin also stops it.
//
// Arguments: --no-legacy starts it with replicate: {legacy: false} (EBT only; ssb-replicate stays loaded
// as the stub ssb-friends and ssb-ebt need); --dir DIR keeps data and keys in DIR (not removed on exit),
// so that a test can stop and restart the same server; --invites lets ssb-invite make codes for the
// 127.0.0.1 listener (allowPrivate, and the listener also in the 'private' scope that invite.create reads);
// --lan puts the listener in the 'private' scope too, so that ssb-local announces it every second.
// Whatever the flags, UDP broadcasts (ssb-local's, to 255.255.255.255 on the server's port) are redirected to
// 127.255.255.255: nothing the harness sends leaves the machine.
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import readline from 'node:readline'
import crypto from 'node:crypto'
import dgram from 'node:dgram'

const require = createRequire(import.meta.url)
const ssbKeys = require('ssb-keys')
const setDefaults = require('ssb-config/defaults')
const pull = require('pull-stream')
const validate = require('ssb-validate')

function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

const args = process.argv.slice(2)
const noLegacy = args.includes('--no-legacy')
const invites = args.includes('--invites')
const lan = args.includes('--lan')
const udpSend = dgram.Socket.prototype.send
dgram.Socket.prototype.send = function (msg, offset, length, port, address, cb) {
  if (address === '255.255.255.255') address = '127.255.255.255'
  return udpSend.call(this, msg, offset, length, port, address, cb)
}
const dirArg = args.indexOf('--dir') >= 0 ? args[args.indexOf('--dir') + 1] : null
const dir = dirArg || fs.mkdtempSync(path.join(os.tmpdir(), 'kith-ssb-server-'))
if (dirArg) fs.mkdirSync(dir, { recursive: true })
const portFile = path.join(dir, 'kith-port')
const port = dirArg && fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, 'utf8')) : await freePort()
if (dirArg) fs.writeFileSync(portFile, String(port))
const keys = ssbKeys.loadOrCreateSync(path.join(dir, 'secret'))
const config = setDefaults('kith-test', {
  path: dir,
  keys,
  host: '127.0.0.1',
  port,
  local: false, // no LAN broadcast from a test
  allowPrivate: invites,
  logging: { level: 'error' },
  replicate: noLegacy ? { legacy: false } : {},
  connections: {
    incoming: { net: [{ host: '127.0.0.1', port, scope: invites || lan ? ['device', 'private'] : 'device', transform: 'shs' }] },
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
    if (!dirArg) { try { fs.rmSync(dir, { recursive: true, force: true }) } catch (e) {} }
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

function post (content, cb) {
  server.publish(content, (err, msg) => {
    if (err) return cb(err)
    cb(null, { ok: true, key: msg.key, sequence: msg.value.sequence })
  })
}

function history (id, cb) {
  pull(server.createHistoryStream({ id, keys: true }), pull.collect((err, msgs) => {
    if (err) return cb(err)
    cb(null, { ok: true, ids: msgs.map(m => m.key) })
  }))
}

function wantBlob (id, cb) {
  server.blobs.want(id, (err, has) => {
    if (err) return cb(err)
    if (!has) return cb(new Error('blob not found'))
    pull(server.blobs.get(id), pull.collect((err2, bufs) => {
      if (err2) return cb(err2)
      const data = Buffer.concat(bufs)
      cb(null, { ok: true, sha256: crypto.createHash('sha256').update(data).digest('base64'), size: data.length })
    }))
  })
}

function addBlob (base64, cb) {
  pull(pull.once(Buffer.from(base64, 'base64')), server.blobs.add((err, id) => {
    if (err) return cb(err)
    cb(null, { ok: true, id })
  }))
}

function bulk (count, cb) {
  const author = ssbKeys.generate()
  const msgs = []
  const ids = []
  let state = null
  const start = Date.now()
  for (let i = 0; i < count; i++) {
    const msg = validate.create(state, author, null, { type: 'post', text: 'kith bulk message ' + i }, start + i)
    const id = validate.id(msg)
    state = { id, sequence: msg.sequence, timestamp: msg.timestamp, queue: [] }
    msgs.push(msg)
    ids.push(id)
  }
  pull(pull.values(msgs), server.createWriteStream((err) => {
    if (err) return cb(err)
    cb(null, { ok: true, id: author.id, ids })
  }))
}

function invite (uses, cb) {
  server.invite.create({ uses: uses || 1, external: '127.0.0.1' }, (err, code) => {
    if (err) return cb(err)
    cb(null, { ok: true, code })
  })
}

function contacts (cb) {
  pull(server.createHistoryStream({ id: server.id, keys: true }), pull.collect((err, msgs) => {
    if (err) return cb(err)
    cb(null, {
      ok: true,
      contacts: msgs.filter(m => m.value.content && m.value.content.type === 'contact')
        .map(m => ({ key: m.key, content: m.value.content }))
    })
  }))
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  let req
  try { req = JSON.parse(line) } catch (e) { return reply({ ok: false, error: 'bad json' }) }
  const done = (err, res) => reply(err ? { ok: false, error: String(err.message || err) } : res)
  if (req.op === 'publish') publish(req.count || 1, done)
  else if (req.op === 'connect') connect(req.address, done)
  else if (req.op === 'post') post(req.content, done)
  else if (req.op === 'follow') post({ type: 'contact', contact: req.id, following: true }, done)
  else if (req.op === 'history') history(req.id, done)
  else if (req.op === 'get') server.get({ id: req.id, private: true }, (err, value) => done(err, err ? null : { ok: true, value }))
  else if (req.op === 'addBlob') addBlob(req.base64, done)
  else if (req.op === 'wantBlob') wantBlob(req.id, done)
  else if (req.op === 'bulk') bulk(req.count || 1, done)
  else if (req.op === 'invite') invite(req.uses, done)
  else if (req.op === 'contacts') contacts(done)
  else if (req.op === 'stop') { reply({ ok: true }); stop(0) }
  else reply({ ok: false, error: 'unknown op ' + req.op })
})
rl.on('close', () => stop(0))
process.on('SIGTERM', () => stop(0))

reply({ ready: true, id: server.id, address, port })
