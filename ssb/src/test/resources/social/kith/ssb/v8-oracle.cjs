// Test oracle: answers one line per request line with what V8 itself computes.
//   N <16 hex digits>  -> String(double with those IEEE bits)
//   J <json text>      -> base64 of the UTF-16LE code units of JSON.stringify(JSON.parse(text), null, 2)
//   L <json text>      -> JSON.stringify(JSON.parse(text), null, 2).length
// Errors answer "E <message>". Plain Node, no packages.
'use strict'
const readline = require('readline')
const rl = readline.createInterface({ input: process.stdin, terminal: false })
rl.on('line', (line) => {
  let out
  try {
    const kind = line[0]
    const arg = line.slice(2)
    if (kind === 'N') {
      const b = Buffer.from(arg, 'hex')
      out = String(b.readDoubleBE(0))
    } else if (kind === 'J') {
      out = Buffer.from(JSON.stringify(JSON.parse(arg), null, 2), 'utf16le').toString('base64')
    } else if (kind === 'L') {
      out = String(JSON.stringify(JSON.parse(arg), null, 2).length)
    } else {
      out = 'E unknown request'
    }
  } catch (e) {
    out = 'E ' + String(e.message).replace(/\n/g, ' ')
  }
  process.stdout.write(out + '\n')
})
