// The screening page with JavaScript: the identifier is read, blinded and looked up on this
// device; the server gets only a blinded element it cannot read (see DESIGN.md, "Private
// screening"). Without JavaScript the same form posts to the server instead.

import { parse, FieldError } from './normalise.js';
import { blind, finalize, tagFromOutput } from './oprf.js';
import { browserStorage, fetchBucket, lookup, syncList, TagListError } from './taglist.js';
import { fromBase64, toBase64Url } from './base64.js';

const form = document.getElementById('screen-form');
if (form) start(form);

function start(form) {
  const words = readWords();
  const storage = browserStorage();
  const kindField = form.querySelector('#type');
  const valueField = form.querySelector('#value');
  const button = form.querySelector('button[type=submit]');
  const verdictBox = document.getElementById('verdict');
  const problems = document.getElementById('screen-problem');

  // The hint and the phone's keyboard follow the kind of identifier chosen.
  const hint = document.getElementById('value-hint');
  const followKind = () => {
    const kind = kindField.value;
    if (hint && words.hints?.[kind]) hint.textContent = words.hints[kind];
    valueField.setAttribute('inputmode', kind === 'phone' ? 'tel' : kind === 'email' ? 'email' : 'text');
  };
  kindField.addEventListener('change', followKind);
  followKind();

  // One request for the organisation's settings, asked again only if it failed.
  let config = null;
  const getConfig = () =>
    (config ??= fetchJson('/api/screening/config').catch((e) => {
      config = null;
      throw e;
    }));
  // Words from the server's vocabulary, where it has them, over the ones in the page.
  fetchJson('/api/vocabulary')
    .then((vocabulary) => mergeVocabulary(words, vocabulary))
    .catch(() => {});
  // Bring the list up to date while the member types; screening syncs again anyway.
  getConfig()
    .then((c) => (c.mode === 'list' ? syncList({ storage, config: c }) : null))
    .catch(() => {});

  form.addEventListener('submit', onSubmit);
  // Shown only now that a submission is handled here.
  document.getElementById('private-screen')?.removeAttribute('hidden');

  async function onSubmit(event) {
    event.preventDefault();
    clearProblems();
    const kind = kindField.value;
    const typed = valueField.value;
    button.disabled = true;
    const label = button.textContent;
    button.textContent = words.checking;
    try {
      const c = await getConfig();
      let prefixed;
      try {
        prefixed = parse(kind, typed, c.region);
      } catch (e) {
        if (e instanceof FieldError) {
          showFieldError(e);
          return;
        }
        throw e;
      }
      // The list is synced before anything depends on the identifier.
      const listed = c.mode === 'bucket' ? null : await syncList({ storage, config: c });
      const { state, blinded } = blind(prefixed);
      const evaluated = await evaluateBlinded(blinded);
      const tag = tagFromOutput(finalize(state, evaluated));
      const entries = listed ?? (await fetchBucket({ storage, config: c, tag }));
      showVerdict(lookup(entries, tag), prefixed);
    } catch (e) {
      showProblem(e);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  async function evaluateBlinded(blinded) {
    const response = await fetch('/api/screen/blind', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ blinded: toBase64Url(blinded) }),
    });
    if (!response.ok) throw await apiProblem(response);
    const body = await response.json();
    return fromBase64(String(body.evaluated ?? ''));
  }

  function clearProblems() {
    problems.replaceChildren();
    problems.hidden = true;
    form.querySelectorAll('p.error').forEach((p) => p.remove());
    valueField.removeAttribute('aria-invalid');
    valueField.removeAttribute('aria-describedby');
  }

  function showFieldError(e) {
    verdictBox.replaceChildren();
    const line = el('p', { class: 'error', id: `error-${e.field}` });
    line.textContent = e.read
      ? `We read “${e.read}”; expected ${e.expected}.`
      : `Expected ${e.expected}.`;
    valueField.after(line);
    valueField.setAttribute('aria-invalid', 'true');
    valueField.setAttribute('aria-describedby', line.id);
    problems.append(el('p', {}, words.correct));
    problems.hidden = false;
    valueField.focus();
  }

  function showProblem(e) {
    verdictBox.replaceChildren();
    const message =
      e instanceof ApiProblem || e instanceof TagListError
        ? e.message
        : words.failed;
    problems.append(el('p', {}, message));
    if (e instanceof ApiProblem && e.status === 401) {
      problems.append(el('p', {}, el('a', { href: '/signin' }, words.sign_in_again)));
    }
    if (e instanceof TagListError && e.reason === 'key-changed') {
      const forget = el('button', { type: 'button', class: 'secondary' }, words.forget_list);
      forget.addEventListener('click', () => {
        storage.forget();
        clearProblems();
      });
      problems.append(el('p', {}, words.forget_list_hint), forget);
    }
    problems.hidden = false;
    problems.focus();
  }

  function showVerdict(entry, prefixed) {
    const level = entry ? entry.v : 'green';
    const card = [];
    card.push(
      el(
        'div',
        { class: `light ${level}`, role: 'status' },
        el('strong', {}, words.levels?.[level] ?? level),
        words.advice[level] ?? '',
      ),
    );
    card.push(el('p', { class: 'checked' }, `${words.checked} ${shown(prefixed)}`));
    if (entry) {
      const reasons = Array.isArray(entry.r) ? entry.r : [];
      if (reasons.length) {
        card.push(el('h2', {}, words.why));
        card.push(el('ul', {}, ...reasons.map((code) => el('li', {}, reasonText(code)))));
      }
      const alerts = count(entry.a);
      if (alerts > 0) {
        let line = `${alerts} verified alert${alerts === 1 ? '' : 's'}`;
        if (entry.m && entry.ar) line += `, the latest in ${entry.ar} in ${monthInWords(entry.m)}`;
        card.push(el('p', {}, `${line}.`));
        const counts = Object.entries(entry.c && typeof entry.c === 'object' ? entry.c : {});
        if (counts.length) {
          card.push(
            el('ul', {}, ...counts.map(([kind, n]) => el('li', {}, `${kindLabel(kind)}: ${count(n)}`))),
          );
        }
      }
      const pending = count(entry.p);
      if (pending === 1) card.push(el('p', {}, '1 report waiting for a peer worker to verify it.'));
      if (pending > 1) card.push(el('p', {}, `${pending} reports waiting for a peer worker to verify them.`));
    }
    if (level === 'green') card.push(el('p', { class: 'meta' }, words.caution));
    card.push(el('p', { class: 'meta private' }, words.private_done));
    verdictBox.replaceChildren(...card);
    verdictBox.querySelector('.light')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  function reasonText(code) {
    return words.reasons[code] ?? String(code).replace(/_/g, ' ');
  }

  function kindLabel(kind) {
    return words.kinds[kind] ?? String(kind).replace(/_/g, ' ');
  }

  function shown(prefixed) {
    const colon = prefixed.indexOf(':');
    return prefixed.slice(colon + 1);
  }
}

/** Words for the page: rendered by the server into the page, so there is one source. */
function readWords() {
  const defaults = {
    advice: {},
    reasons: {},
    kinds: {},
    levels: {},
    caution: '',
    checking: 'Checking…',
    checked: 'Checked:',
    why: 'Why',
    private_done: 'This check was private: the server did not see what you typed.',
    correct: 'Please correct what is marked below. Everything else you typed is kept.',
    failed: 'The check could not be made. Nothing you typed was sent. Please try again.',
    sign_in_again: 'Sign in again',
    forget_list: 'Forget the saved list',
    forget_list_hint: '',
    hints: {},
  };
  const node = document.getElementById('screen-words');
  try {
    return { ...defaults, ...(node ? JSON.parse(node.textContent) : {}) };
  } catch {
    return defaults;
  }
}

function mergeVocabulary(words, vocabulary) {
  for (const r of Array.isArray(vocabulary?.reasons) ? vocabulary.reasons : []) {
    if (r && typeof r.code === 'string' && typeof r.text === 'string') words.reasons[r.code] = r.text;
  }
  for (const k of Array.isArray(vocabulary?.kinds) ? vocabulary.kinds : []) {
    if (k && typeof k.kind === 'string' && typeof k.label === 'string') words.kinds[k.kind] = k.label;
  }
  if (typeof vocabulary?.caution === 'string') words.caution = vocabulary.caution;
}

/** An API refusal, with the message the server gave or one a member can act on. */
class ApiProblem extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function apiProblem(response) {
  if (response.status === 429) {
    const wait = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    const seconds = Number.isFinite(wait) && wait > 0 ? wait : 60;
    return new ApiProblem(
      429,
      `You are checking very quickly. Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again. What you typed is kept.`,
    );
  }
  if (response.status === 401) {
    return new ApiProblem(401, 'You are signed out. Sign in again, then check again.');
  }
  let message = '';
  try {
    const body = await response.json();
    message = typeof body?.message === 'string' ? body.message : '';
  } catch {
    message = '';
  }
  return new ApiProblem(
    response.status,
    message || `The server could not make the check (${response.status}). Please try again.`,
  );
}

async function fetchJson(url) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) throw await apiProblem(response);
  return response.json();
}

function count(n) {
  return Number.isInteger(n) && n > 0 ? n : 0;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** `2026-03` as "March 2026"; anything else as it is. */
function monthInWords(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(month));
  const index = m ? Number(m[2]) - 1 : -1;
  return index >= 0 && index < 12 ? `${MONTHS[index]} ${m[1]}` : String(month);
}

/** An element with attributes and children (text or elements); never parses HTML. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
