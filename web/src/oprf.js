// The client's side of private screening: RFC 9497 OPRF mode with ristretto255-SHA512
// (@noble/curves' own RFC 9497 module), and the tag derived from the output exactly as the
// server derives it (crates/crypto/src/oprf.rs `tag_from_output`).

import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

const TAG_INFO = new TextEncoder().encode('parasol tag v1');
const ELEMENT_LENGTH = 32;

/**
 * RFC 9497 Blind: hides the prefixed identifier behind a fresh random scalar. Returns the
 * secret state to keep in this page and the 32-byte blinded element, the only thing sent.
 * `rng` is for tests with the RFC's fixed blinds.
 */
export function blind(prefixed, rng) {
  const input = new TextEncoder().encode(prefixed);
  if (input.length > 0xffff) throw new Error('the identifier is too long to screen');
  const { blind: scalar, blinded } = rng
    ? ristretto255_oprf.oprf.blind(input, rng)
    : ristretto255_oprf.oprf.blind(input);
  return { state: { input, scalar }, blinded };
}

/** RFC 9497 Finalize: the 64-byte OPRF output. The blinding scalar is wiped afterwards. */
export function finalize(state, evaluated) {
  if (!(evaluated instanceof Uint8Array) || evaluated.length !== ELEMENT_LENGTH) {
    throw new Error('the server answered with something that is not a 32-byte element');
  }
  try {
    return ristretto255_oprf.oprf.finalize(state.input, state.scalar, evaluated);
  } finally {
    state.scalar.fill(0);
  }
}

/** The tag: HKDF-SHA256 with no salt, the output as key material, first 16 bytes. */
export function tagFromOutput(output) {
  return hkdf(sha256, output, undefined, TAG_INFO, 16);
}

export { ristretto255_oprf };
