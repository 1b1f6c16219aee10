// Reads JSON lines `{"kind", "value", "region"}` on standard input and writes, for each, a
// JSON line `{"ok": "<prefixed>"}` or `{"refused": {"field", "read", "expected"}}`: the
// browser's reading, for crates/server/tests/browser_normalisation.rs to compare with the
// server's.
import { createInterface } from 'node:readline';
import { parse, FieldError } from '../src/normalise.js';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
for await (const line of lines) {
  if (line.trim() === '') continue;
  const { kind, value, region } = JSON.parse(line);
  try {
    out.push(JSON.stringify({ ok: parse(kind, value, region ?? undefined) }));
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    out.push(JSON.stringify({ refused: { field: e.field, read: e.read, expected: e.expected } }));
  }
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
