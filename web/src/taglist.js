// The organisation's tag list on this device: downloaded, signature-checked, kept up to
// date with incremental syncs, and looked up locally so the server never learns which tag a
// member was looking for. In bucket mode only the bucket of a tag's first hex digits is
// fetched and nothing is kept but the pinned key.

import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64, toBase64Url, toHex } from './base64.js';

const STORAGE_KEY = 'parasol.taglist.v1';
const LEVELS = new Set(['red', 'orange', 'yellow']);

/** Why the list could not be used; `message` is for the member. */
export class TagListError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = 'TagListError';
    this.reason = reason;
  }
}

/** A store for the list: localStorage when the browser allows it, memory otherwise. */
export function browserStorage() {
  const memory = new Map();
  let local = null;
  try {
    local = globalThis.localStorage ?? null;
    local?.getItem(STORAGE_KEY);
  } catch {
    local = null;
  }
  return {
    load() {
      const text = local ? local.getItem(STORAGE_KEY) : memory.get(STORAGE_KEY);
      if (!text) return null;
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    },
    save(value) {
      const text = JSON.stringify(value);
      try {
        if (local) {
          local.setItem(STORAGE_KEY, text);
          return;
        }
      } catch {
        // Full or refused: keep it for this page only.
      }
      memory.set(STORAGE_KEY, text);
    },
    forget() {
      try {
        local?.removeItem(STORAGE_KEY);
      } catch {
        // Nothing to forget.
      }
      memory.delete(STORAGE_KEY);
    },
  };
}

/**
 * Fetches a signed body and returns it parsed, having checked the Ed25519 signature over the
 * exact bytes with the pinned key before reading anything in it.
 */
async function fetchSigned(fetchImpl, url, keyBytes) {
  const response = await fetchImpl(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    throw new TagListError('http', `The list of known clients could not be fetched (${response.status}).`);
  }
  const body = new Uint8Array(await response.arrayBuffer());
  const header = response.headers.get('Parasol-Signature');
  let signature;
  try {
    signature = fromBase64(header ?? '');
  } catch {
    signature = new Uint8Array(0);
  }
  let valid = false;
  try {
    valid = signature.length === 64 && ed25519.verify(signature, body, keyBytes);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new TagListError(
      'signature',
      'The list of known clients is not signed by your organisation. It was not used.',
    );
  }
  return readBody(new TextDecoder().decode(body));
}

/** Checks the shape of a verified body, so a bad entry cannot give a wrong light. */
function readBody(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TagListError('format', 'The list of known clients could not be read.');
  }
  const bad = () => new TagListError('format', 'The list of known clients could not be read.');
  if (!body || body.format !== 1 || typeof body.cursor !== 'string') throw bad();
  if (!Array.isArray(body.entries) || typeof body.full !== 'boolean') throw bad();
  if (!Number.isInteger(body.total) || body.total < 0) throw bad();
  const removed = body.removed ?? [];
  if (!Array.isArray(removed) || !removed.every((t) => validTag(t))) throw bad();
  for (const entry of body.entries) {
    if (!entry || !validTag(entry.t) || !LEVELS.has(entry.v)) throw bad();
  }
  return { ...body, removed };
}

function validTag(t) {
  if (typeof t !== 'string') return false;
  try {
    return fromBase64(t).length === 16;
  } catch {
    return false;
  }
}

function keyOf(config) {
  try {
    const key = fromBase64(config.tag_list_key);
    if (key.length === 32) return key;
  } catch {
    // Refused below.
  }
  throw new TagListError('key', 'The organisation has no valid key for its list of known clients.');
}

/**
 * The organisation's key, pinned on first use. A different key later is refused: whoever
 * controls the server could otherwise hand out a list of their own.
 */
function pinnedKey(storage, config) {
  const offered = keyOf(config);
  const saved = storage.load();
  if (saved && saved.key && saved.key !== toBase64Url(offered)) {
    throw new TagListError(
      'key-changed',
      'The key that signs your organisation’s list of known clients has changed since this device last used it. The check was not made. Ask a coordinator whether the key was changed on purpose.',
    );
  }
  return offered;
}

/** Brings the saved list up to date and returns it as a Map from tag to entry. */
export async function syncList({ fetchImpl = fetch, storage, config, base = '' }) {
  const key = pinnedKey(storage, config);
  const saved = storage.load();
  const entries = new Map(saved && saved.entries ? Object.entries(saved.entries) : []);
  const url = saved?.cursor ? `${base}/api/tags?since=${encodeURIComponent(saved.cursor)}` : `${base}/api/tags`;
  let body = await fetchSigned(fetchImpl, url, key);
  apply(entries, body);
  if (entries.size !== body.total) {
    body = await fetchSigned(fetchImpl, `${base}/api/tags`, key);
    apply(entries, body);
    if (entries.size !== body.total) {
      throw new TagListError('format', 'The list of known clients does not add up. It was not used.');
    }
  }
  storage.save({
    key: toBase64Url(key),
    cursor: body.cursor,
    entries: Object.fromEntries(entries),
  });
  return entries;
}

function apply(entries, body) {
  if (body.full) entries.clear();
  for (const entry of body.entries) entries.set(canonicalTag(entry.t), entry);
  for (const t of body.removed) entries.delete(canonicalTag(t));
}

/** Tags are compared in one spelling: base64url without padding. */
function canonicalTag(t) {
  return toBase64Url(fromBase64(t));
}

/** Fetches the bucket that holds `tag` (bucket mode) and returns its entries. */
export async function fetchBucket({ fetchImpl = fetch, storage, config, tag, base = '' }) {
  const key = pinnedKey(storage, config);
  const digits = Number.isInteger(config.bucket_hex_digits) ? config.bucket_hex_digits : 2;
  const prefix = toHex(tag).slice(0, Math.max(1, Math.min(digits, 32)));
  const body = await fetchSigned(fetchImpl, `${base}/api/tags/bucket/${prefix}`, key);
  const entries = new Map();
  apply(entries, { ...body, full: true });
  if (!storage.load()) storage.save({ key: toBase64Url(key) });
  return entries;
}

/** The entry for a tag, or null: a tag not in the list is green. */
export function lookup(entries, tag) {
  return entries.get(toBase64Url(tag)) ?? null;
}
