// The tag list: signed, pinned, synced incrementally, and read only after its signature
// checks out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fetchBucket, lookup, syncList, TagListError } from '../src/taglist.js';
import { fromBase64, toBase64, toBase64Url } from '../src/base64.js';

const tag = (n) => new Uint8Array(16).fill(n);
const entry = (n, v = 'red') => ({ t: toBase64Url(tag(n)), v, r: [`${v}_alert`], c: {}, a: 1, p: 0, m: '2026-03', ar: 'Centre' });

function memoryStorage() {
  let saved = null;
  return {
    load: () => (saved ? JSON.parse(saved) : null),
    save: (v) => (saved = JSON.stringify(v)),
    forget: () => (saved = null),
  };
}

/** A server that signs what it sends with `secret`, answering from `answers` by URL. */
function server(secret, answers) {
  const asked = [];
  const fetchImpl = async (url) => {
    asked.push(url);
    const answer = answers(url);
    const bytes = new TextEncoder().encode(JSON.stringify(answer.body));
    const signature = answer.signWith === null ? '' : toBase64(ed25519.sign(bytes, answer.signWith ?? secret));
    return new Response(bytes, { status: 200, headers: { 'Parasol-Signature': signature } });
  };
  return { fetchImpl, asked };
}

const keys = () => {
  const secret = ed25519.utils.randomSecretKey();
  return { secret, config: { mode: 'list', bucket_hex_digits: 2, tag_list_key: toBase64(ed25519.getPublicKey(secret)) } };
};

const body = (over) => ({ format: 1, cursor: 'c1', full: true, entries: [], removed: [], total: 0, ...over });

test('a full list is kept, and a tag not in it is green', async () => {
  const { secret, config } = keys();
  const storage = memoryStorage();
  const { fetchImpl, asked } = server(secret, () => ({ body: body({ entries: [entry(1), entry(2, 'yellow')], total: 2 }) }));
  const entries = await syncList({ fetchImpl, storage, config });
  assert.deepEqual(asked, ['/api/tags']);
  assert.equal(lookup(entries, tag(1)).v, 'red');
  assert.equal(lookup(entries, tag(2)).v, 'yellow');
  assert.equal(lookup(entries, tag(3)), null);
  assert.equal(storage.load().cursor, 'c1');
});

test('later syncs ask only for changes since the cursor, and apply them', async () => {
  const { secret, config } = keys();
  const storage = memoryStorage();
  let round = 0;
  const { fetchImpl, asked } = server(secret, () =>
    round++ === 0
      ? { body: body({ entries: [entry(1), entry(2)], total: 2 }) }
      : { body: body({ cursor: 'c2', full: false, entries: [entry(3, 'orange')], removed: [entry(1).t], total: 2 }) },
  );
  await syncList({ fetchImpl, storage, config });
  const entries = await syncList({ fetchImpl, storage, config });
  assert.deepEqual(asked, ['/api/tags', '/api/tags?since=c1']);
  assert.equal(lookup(entries, tag(1)), null);
  assert.equal(lookup(entries, tag(3)).v, 'orange');
  assert.equal(storage.load().cursor, 'c2');
});

test('a count that does not add up brings a full sync', async () => {
  const { secret, config } = keys();
  const storage = memoryStorage();
  let round = 0;
  const { fetchImpl, asked } = server(secret, (url) => {
    round++;
    if (round === 1) return { body: body({ entries: [entry(1)], total: 1 }) };
    if (url.includes('since')) return { body: body({ cursor: 'c2', full: false, entries: [], total: 5 }) };
    return { body: body({ cursor: 'c3', entries: [entry(4), entry(5)], total: 2 }) };
  });
  await syncList({ fetchImpl, storage, config });
  const entries = await syncList({ fetchImpl, storage, config });
  assert.deepEqual(asked, ['/api/tags', '/api/tags?since=c1', '/api/tags']);
  assert.equal(entries.size, 2);
  assert.equal(storage.load().cursor, 'c3');
});

test('a list signed by another key, or not signed, is refused before it is read', async () => {
  const { secret, config } = keys();
  const other = ed25519.utils.randomSecretKey();
  for (const signWith of [other, null]) {
    const storage = memoryStorage();
    const { fetchImpl } = server(secret, () => ({ body: body({ entries: [entry(1)], total: 1 }), signWith }));
    await assert.rejects(syncList({ fetchImpl, storage, config }), (e) => e instanceof TagListError && e.reason === 'signature');
    assert.equal(storage.load(), null);
  }
  // A body tampered with after signing.
  const storage = memoryStorage();
  const fetchImpl = async () => {
    const signed = new TextEncoder().encode(JSON.stringify(body({ entries: [entry(1)], total: 1 })));
    const sent = new TextEncoder().encode(JSON.stringify(body({ entries: [], total: 0 })));
    return new Response(sent, { headers: { 'Parasol-Signature': toBase64(ed25519.sign(signed, secret)) } });
  };
  await assert.rejects(syncList({ fetchImpl, storage, config }), TagListError);
});

test('the key is pinned on first use and a new one is refused with a warning', async () => {
  const first = keys();
  const storage = memoryStorage();
  const { fetchImpl } = server(first.secret, () => ({ body: body({ entries: [entry(1)], total: 1 }) }));
  await syncList({ fetchImpl, storage, config: first.config });
  const second = keys();
  const { fetchImpl: swapped, asked } = server(second.secret, () => ({ body: body({ total: 0 }) }));
  await assert.rejects(
    syncList({ fetchImpl: swapped, storage, config: second.config }),
    (e) => e instanceof TagListError && e.reason === 'key-changed' && /changed/.test(e.message),
  );
  assert.deepEqual(asked, []);
  assert.equal(storage.load().entries[entry(1).t].v, 'red');
});

test('bucket mode asks for the bucket of the tag prefix only and keeps no entries', async () => {
  const { secret, config } = keys();
  const storage = memoryStorage();
  const wanted = new Uint8Array(16).fill(0xab);
  const { fetchImpl, asked } = server(secret, () => ({ body: body({ entries: [{ ...entry(0), t: toBase64Url(wanted) }], total: 1 }) }));
  const entries = await fetchBucket({ fetchImpl, storage, config: { ...config, mode: 'bucket' }, tag: wanted });
  assert.deepEqual(asked, ['/api/tags/bucket/ab']);
  assert.equal(lookup(entries, wanted).v, 'red');
  assert.equal(storage.load().entries, undefined);
});

test('malformed entries are refused even when signed', async () => {
  const { secret, config } = keys();
  for (const bad of [{ ...entry(1), v: 'purple' }, { ...entry(1), t: 'short' }]) {
    const { fetchImpl } = server(secret, () => ({ body: body({ entries: [bad], total: 1 }) }));
    await assert.rejects(syncList({ fetchImpl, storage: memoryStorage(), config }), TagListError);
  }
  assert.equal(fromBase64(toBase64Url(tag(7))).length, 16);
});
