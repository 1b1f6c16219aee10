// The browser's OPRF is RFC 9497's (ristretto255-SHA512, OPRF mode), and its tags are the
// server's: the same values are asserted in crates/crypto/tests/browser_parity.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { blind, finalize, tagFromOutput, ristretto255_oprf } from '../src/oprf.js';
import { toHex } from '../src/base64.js';

const vectors = JSON.parse(
  readFileSync(
    new URL('../../crates/crypto/tests/vectors/rfc9497-ristretto255-sha512.json', import.meta.url),
  ),
).OPRF;

const hex = (h) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

// The group order of ristretto255.
const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

/** An rng whose 48 bytes the library reduces (mod order - 1, plus 1) to exactly `scalar`. */
function rngGiving(scalar) {
  const value = BigInt('0x' + toHex(scalar.slice().reverse())) - 1n;
  assert.ok(value >= 0n && value < ORDER - 1n);
  const bytes = new Uint8Array(48);
  let v = value;
  for (let i = 0; i < 48; i++) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return () => bytes;
}

test('the RFC 9497 key is derived from its seed and info', () => {
  const keys = ristretto255_oprf.oprf.deriveKeyPair(hex(vectors.Seed), hex(vectors.KeyInfo));
  assert.equal(toHex(keys.secretKey), vectors.skSm);
});

test('blind, evaluate and finalize give the RFC 9497 OPRF-mode vectors', () => {
  assert.ok(vectors.vectors.length > 0);
  for (const v of vectors.vectors) {
    const input = hex(v.Input);
    // The vectors' inputs are ASCII, so the module's text interface gives the same bytes.
    assert.ok(input.every((b) => b < 0x80));
    const { state, blinded } = blind(String.fromCharCode(...input), rngGiving(hex(v.Blind)));
    assert.deepEqual(state.input, input);
    assert.equal(toHex(blinded), v.BlindedElement);
    const evaluated = ristretto255_oprf.oprf.blindEvaluate(hex(vectors.skSm), blinded);
    assert.equal(toHex(evaluated), v.EvaluationElement);
    assert.equal(toHex(finalize(state, evaluated)), v.Output);
  }
});

test('finalize wipes the blinding scalar and refuses a malformed answer', () => {
  const { state } = blind('phone:+447700900111');
  assert.throws(() => finalize(state, new Uint8Array(31)));
  const { state: other } = blind('phone:+447700900111');
  assert.throws(() => finalize(other, new Uint8Array(32)));
  assert.ok(other.scalar.every((b) => b === 0));
});

// A fixed organisation key, and the tags the server gives for these identifiers with it.
const PARITY_SEED = new Uint8Array(32).fill(0x5e);
const PARITY_INFO = new TextEncoder().encode('parasol browser parity');
const PARITY_TAGS = {
  'phone:+447700900111': 'bff922888c23d1c9d9f911b4b3ad34ab',
  'email:x@example.org': '17ccddd8a7112e25959a3332b0a56623',
  'handle:telegram:bigdave': '17c3da627869911b84c89177d30498e8',
  'plate:AB12CDE': 'bdbae5e621ff19a6a04807736795532c',
};

test('a private screen gives the tag the server stores for the same identifier', () => {
  const keys = ristretto255_oprf.oprf.deriveKeyPair(PARITY_SEED, PARITY_INFO);
  for (const [prefixed, expected] of Object.entries(PARITY_TAGS)) {
    const { state, blinded } = blind(prefixed);
    const evaluated = ristretto255_oprf.oprf.blindEvaluate(keys.secretKey, blinded);
    const tag = tagFromOutput(finalize(state, evaluated));
    assert.equal(toHex(tag), expected, prefixed);
  }
});
