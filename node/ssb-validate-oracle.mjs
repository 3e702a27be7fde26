// Differential oracle for Kith's classic-message validation and private box (ssb/src/test/.../
// SsbValidateDifferentialProperties, PrivateBoxInteropTest): the real ssb-validate 4.1.4 and
// ssb-keys 8.5.0 (CommonJS, loaded with createRequire).
// Protocol: one JSON line on stdin, one JSON line on stdout.
//   {state, hmacKey, message}                 -> {valid, fatal, error, id}
//       state: null or {id, sequence, timestamp}; hmacKey: null or base64.
//   {op:'batch', requests:[{state, hmacKey, message}, ...]} -> [answer, ...]
//   {op:'feed', state, hmacKey, messages:[...]} -> [answer, ...]: one feed validated in order, the
//       state advanced by ssb-validate's own verdicts (an invalid message leaves it unchanged).
//   {op:'box', content, recipients:[feedId...]} -> {box: '<base64>.box'} (ssb-keys.box)
//   {op:'unbox', box, secret:'<base64>.ed25519'} -> {content} (null when ssb-keys cannot open it)
// A request that makes the library throw answers {valid:false, fatal:false, threw:'<message>'}.
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'

const require = createRequire(import.meta.url)
const validate = require('ssb-validate')
const ssbKeys = require('ssb-keys')

function check (state, hmacKey, message) {
  try {
    // checkInvalid clones before deleting the signature, but compute the id first all the same.
    const id = validate.id(message)
    const err = validate.checkInvalid(state, hmacKey, message)
    if (err) return { valid: false, fatal: !!err.fatal, error: err.message }
    return { valid: true, fatal: false, error: null, id }
  } catch (e) {
    return { valid: false, fatal: false, error: null, threw: String(e && e.message) }
  }
}

function feed ({ state, hmacKey, messages }) {
  let s = state ?? null
  return messages.map((m) => {
    const answer = check(s, hmacKey ?? null, m)
    if (answer.valid) s = { id: answer.id, sequence: m.sequence, timestamp: m.timestamp }
    return answer
  })
}

function handle (req) {
  switch (req.op) {
    case undefined: return check(req.state ?? null, req.hmacKey ?? null, req.message)
    case 'batch': return req.requests.map((r) => check(r.state ?? null, r.hmacKey ?? null, r.message))
    case 'feed': return feed(req)
    case 'box': return { box: ssbKeys.box(req.content, req.recipients) }
    case 'unbox': {
      const content = ssbKeys.unbox(req.box, { private: req.secret, curve: 'ed25519' })
      return { content: content === undefined ? null : content }
    }
    default: return { error: 'unknown op ' + req.op }
  }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (!line.trim()) continue
  let answer
  try {
    answer = handle(JSON.parse(line))
  } catch (e) {
    answer = { error: String(e && e.message) }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
}
