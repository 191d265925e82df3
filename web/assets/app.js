// dyad workbench: the page over the JSON API (/api/, see the README).
// Everything that comes from documents is put on the page as text (DOM
// nodes, textContent), never as markup.
'use strict';

const $ = (id) => document.getElementById(id);
const SVGNS = 'http://www.w3.org/2000/svg';
const QUADS = ['', 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const QUAD_COLOURS = ['', '#a6cee3', '#2166ac', '#e08214', '#8e0c1f']; // as report/chart.h draws them
const PLOVER = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];
const PAGE = 50;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const state = { info: null, cameo: {}, files: [], explore: { offset: 0, order: 'oldest', sort: null, rows: [] } };

// ---- building the page from data, as text -----------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

// Replaces node's children (null and false children are skipped).
function fill(node, ...children) { clear(node); append(node, children); return node; }

function plural(n, word) { return `${n} ${word}${n === 1 ? '' : 's'}`; }

function setStatus(id, text, isError) {
  const node = $(id);
  node.textContent = text || '';
  node.classList.toggle('error', !!isError);
}

async function api(path, options) {
  const response = await fetch(path, options);
  let body;
  try { body = await response.json(); } catch (e) { body = { error: response.statusText }; }
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null) q.set(k, v);
  return q.toString();
}

// ---- sentences with highlighted spans ------------------------------------------

const PRIORITY = { 'hl-place': 1, 'hl-target': 2, 'hl-source': 3, 'hl-verb': 4 };

// spans: [{start, end, cls}] in UTF-8 bytes of text (as the API gives them).
function highlighted(text, spans) {
  const bytes = encoder.encode(text);
  const cls = new Array(bytes.length).fill('');
  for (const s of spans) {
    if (!(s.start >= 0 && s.end > s.start && s.end <= bytes.length)) continue;
    for (let i = s.start; i < s.end; i++)
      if (!cls[i] || PRIORITY[s.cls] > PRIORITY[cls[i]]) cls[i] = s.cls;
  }
  const frag = document.createDocumentFragment();
  for (let i = 0; i < bytes.length;) {
    let j = i;
    while (j < bytes.length && cls[j] === cls[i]) j++;
    const piece = decoder.decode(bytes.subarray(i, j));
    frag.appendChild(cls[i] ? el('span', { class: cls[i] }, piece) : document.createTextNode(piece));
    i = j;
  }
  return frag;
}

function spansOfCoded(ev) {
  const out = [];
  const add = (span, cls) => { if (Array.isArray(span)) out.push({ start: span[0], end: span[1], cls }); };
  add(ev.source.span, 'hl-source');
  add(ev.target.span, 'hl-target');
  add(ev.verb && ev.verb.span, 'hl-verb');
  add(ev.location && ev.location.span, 'hl-place');
  return out;
}

// Stored events keep the words, not their offsets: find the words.
function spanOfWords(text, words, cls) {
  if (!words) return null;
  const at = text.indexOf(words);
  if (at < 0) return null;
  const start = encoder.encode(text.slice(0, at)).length;
  return { start, end: start + encoder.encode(words).length, cls };
}

function spansOfStored(ev) {
  return [spanOfWords(ev.text, ev.source.text, 'hl-source'), spanOfWords(ev.text, ev.target.text, 'hl-target'),
    spanOfWords(ev.text, ev.verb, 'hl-verb'), spanOfWords(ev.text, ev.location && ev.location.name, 'hl-place')]
    .filter(Boolean);
}

// ---- tables ----------------------------------------------------------------------------

function actorCell(a) {
  return el('td', { title: a.text || '' }, el('span', { class: 'actor-code' }, a.code || '—'), a.text ? [' ', el('span', { class: 'actor-text' }, a.text)] : null);
}

function eventCell(ev) {
  const label = ev.label || state.cameo[ev.cameo] || '';
  return el('td', {}, el('span', { class: 'quad q' + ev.quad, title: QUADS[ev.quad] || '' }),
    el('span', { class: 'code' }, ev.cameo), ' ', label);
}

function placeOf(ev) {
  return ev.location ? [ev.location.name, ev.location.country].filter(Boolean).join(', ') : '';
}

// columns: [{title, cell(row) -> td, value(row) for sorting, sortable}]
function renderTable(table, columns, rows, options) {
  options = options || {};
  clear(table);
  const headRow = el('tr');
  columns.forEach((col, k) => {
    const sorted = options.sort && options.sort.column === k;
    const th = el('th', { class: col.value || col.serverSort ? 'sortable' : null, title: col.hint || null }, col.title,
      sorted ? el('span', { class: 'arrow' }, options.sort.descending ? '▼' : '▲') : null);
    if (col.value || col.serverSort) th.addEventListener('click', () => options.onSort && options.onSort(k));
    headRow.appendChild(th);
  });
  table.appendChild(el('thead', {}, headRow));
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr', { 'data-id': row.id });
    for (const col of columns) tr.appendChild(col.cell(row));
    if (options.onClick) {
      tr.tabIndex = 0;
      tr.addEventListener('click', () => options.onClick(row, tr));
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') options.onClick(row, tr); });
    }
    body.appendChild(tr);
  }
  if (!rows.length) body.appendChild(el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, options.empty || 'Nothing to show.')));
  table.appendChild(body);
}

function sortRows(rows, value, descending) {
  return rows.slice().sort((a, b) => {
    const x = value(a), y = value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return descending ? -c : c;
  });
}

// ---- header ---------------------------------------------------------------------------

async function loadInfo() {
  try {
    state.info = await api('/api/info');
  } catch (e) {
    $('store-summary').textContent = 'store unavailable: ' + e.message;
    return;
  }
  const i = state.info;
  const range = i.first ? ` · ${i.first} – ${i.last}` : '';
  fill($('store-summary'), 
    `${plural(i.events, 'event')} · ${plural(i.documents, 'document')}${range} · ${i.backend}`,
    el('span', { class: 'badge' + (i.allow_ingest ? ' rw' : ''), title: i.allow_ingest ? 'documents can be stored' : 'started without --allow-ingest' },
      i.allow_ingest ? 'ingest on' : 'read-only'));
  const store = $('code-store');
  store.disabled = !i.allow_ingest;
  store.title = i.allow_ingest ? 'Code and store the document' : 'Read-only: start dyad serve with --allow-ingest to store documents';
  $('code-readonly').hidden = i.allow_ingest;
}

async function loadCameo() {
  try {
    const r = await api('/api/cameo');
    const roots = $('filters').elements.root;
    for (const c of r.codes) {
      state.cameo[c.code] = c.name;
      if (c.code.length === 2) roots.appendChild(el('option', { value: c.code }, `${c.code} ${c.name}`));
    }
  } catch (e) { /* labels come with events anyway */ }
  const plover = $('filters').elements.plover;
  for (const p of PLOVER) plover.appendChild(el('option', { value: p }, p));
}

// ---- Code view --------------------------------------------------------------------------

// The documents to code: the files opened (each its own document), else
// the pasted text.
function codeRequests() {
  const date = $('code-date').value.trim(), modality = $('code-all').checked ? 'all' : 'asserted';
  if (state.files.length) return state.files.map((f) => ({ text: f.text, id: f.name, date, modality }));
  // no id: the server names it by its text (pasted-HASH), so pastes never replace each other
  return [{ text: $('code-text').value, id: $('code-id').value.trim() || undefined, date, modality }];
}

async function runCode(store) {
  const reqs = codeRequests();
  if (!reqs.some((r) => r.text.trim())) { setStatus('code-status', 'Paste some text or open a file first.', true); return; }
  for (const req of reqs) {
    const size = encoder.encode(JSON.stringify(req)).length;
    if (state.info && size > state.info.max_body) {
      setStatus('code-status', `“${req.id}” is ${(size / 1048576).toFixed(1)} MiB; the server takes at most ${state.info.max_body / 1048576} MiB a document.`, true);
      return;
    }
  }
  const results = [];
  try {
    for (const req of reqs) {
      setStatus('code-status', `${store ? 'Coding and storing' : 'Coding'} “${req.id}”…`);
      results.push(await api(store ? '/api/ingest' : '/api/code', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req),
      }));
    }
  } catch (e) {
    setStatus('code-status', e.message, true);
    if (!results.length) return;
  }
  showCoded(results);
  const count = results.reduce((n, r) => n + r.count, 0);
  const what = results.length === 1 ? `“${results[0].doc}”` + (results[0].date ? ` dated ${results[0].date}` : ' (no date found: give one)')
    : plural(results.length, 'document');
  if (store) {
    fill($('code-status'), `Stored ${plural(count, 'event')} from ${what}. `,
      el('a', { href: '#explore?' + query({ doc: results.length === 1 ? results[0].doc : '' }) }, 'Explore them'));
    loadInfo();
  } else {
    const sentences = results.reduce((n, r) => n + r.sentences.length, 0);
    setStatus('code-status', `${plural(count, 'event')} in ${plural(sentences, 'sentence')} of ${what}.`);
  }
}

function codedSentences(r) {
  const list = el('ol', { class: 'sentences' });
  for (const s of r.sentences) {
    const events = r.events.filter((ev) => ev.sentence === s.index);
    list.appendChild(el('li', { value: s.index }, highlighted(s.text, events.flatMap(spansOfCoded)),
      el('div', { class: 'chips' }, events.map((ev) => el('span', { class: 'chip' },
        el('span', { class: 'quad q' + ev.quad }), `${ev.source.code} → ${ev.cameo} ${ev.label} → ${ev.target.code}`)))));
  }
  if (!r.sentences.length) list.appendChild(el('li', { class: 'quiet' }, 'No sentence of this text codes as an event.'));
  return list;
}

function showCoded(results) {
  $('code-result').hidden = false;
  const many = results.length > 1;
  fill($('code-sentences'), results.map((r) => [many ? el('h3', { class: 'doc-head' }, r.doc) : null, codedSentences(r)]));
  const events = results.flatMap((r) => r.events);
  $('code-count').textContent = `(${events.length})`;
  const columns = [
    many ? { title: 'Document', cell: (e) => el('td', {}, e.doc), value: (e) => e.doc } : null,
    { title: 'Sent.', cell: (e) => el('td', { class: 'num' }, e.sentence), value: (e) => e.sentence },
    { title: 'Date', cell: (e) => el('td', { class: 'date', title: `${e.date_precision}, from ${e.date_basis}` }, e.date || '—'), value: (e) => e.date },
    { title: 'Source', cell: (e) => actorCell(e.source), value: (e) => e.source.code },
    { title: 'Event', cell: eventCell, value: (e) => e.cameo },
    { title: 'Target', cell: (e) => actorCell(e.target), value: (e) => e.target.code },
    { title: 'Place', cell: (e) => el('td', {}, placeOf(e)), value: placeOf },
    { title: 'Modality', cell: (e) => el('td', {}, el('span', { class: 'modality' }, e.modality)), value: (e) => e.modality },
    { title: 'Goldstein', cell: (e) => el('td', { class: 'num' }, e.goldstein.toFixed(1)), value: (e) => e.goldstein },
  ].filter(Boolean);
  const sort = { column: 0, descending: false };
  const draw = () => renderTable($('code-events'), columns, sortRows(events, columns[sort.column].value, sort.descending), {
    sort, onSort: (k) => { sort.descending = sort.column === k ? !sort.descending : false; sort.column = k; draw(); },
    onClick: (ev, tr) => explainCoded(ev, tr), empty: 'No events.',
  });
  draw();
  $('code-explain').hidden = true;
}

// How the sentence of a coded (not stored) event is coded: dyad explain.
async function explainCoded(ev, tr) {
  for (const row of document.querySelectorAll('#code-events tr.selected')) row.classList.remove('selected');
  tr.classList.add('selected');
  const box = $('code-explain');
  box.hidden = false;
  fill(box, 'Loading…');
  try {
    const r = await api('/api/explain', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: ev.text, date: ev.date_basis === 'unknown' ? '' : ev.date }),
    });
    fill(box, el('button', { class: 'close', title: 'Close', onclick: () => { box.hidden = true; } }, '×'),
      el('h3', {}, `${ev.source.code} → ${ev.target.code}: ${ev.cameo} ${ev.label}`),
      el('blockquote', {}, highlighted(ev.text, spansOfCoded(ev))),
      el('p', {}, 'Dictionary pattern: ', el('span', { class: 'code' }, ev.pattern), ' · verb “', ev.verb.text, '”'),
      el('pre', { class: 'explain' }, r.explanation));
    box.scrollIntoView({ block: 'nearest' });
  } catch (e) {
    fill(box, e.message);
  }
}

// One file fills the text box; several are coded (or stored) one by one,
// each as its own document named by the file.
async function readFiles(files) {
  const read = (file) => new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ name: file.name, text: reader.result });
    reader.onerror = () => reject(new Error('Could not read ' + file.name));
    reader.readAsText(file);
  });
  try {
    const texts = await Promise.all([...files].map(read));
    state.files = texts.length > 1 ? texts : [];
    if (texts.length === 1) {
      $('code-text').value = texts[0].text;
      $('code-id').value = texts[0].name;
      setStatus('code-status', `Read ${texts[0].name}. Press Code.`);
    } else if (texts.length > 1) {
      $('code-text').value = '';
      $('code-id').value = '';
      setStatus('code-status', `${texts.length} files: ${texts.map((t) => t.name).join(', ')}. Code or Store handles each as its own document.`);
    }
  } catch (e) {
    setStatus('code-status', e.message, true);
  }
}

// ---- Explore view ------------------------------------------------------------------------

function filterParams() {
  const form = $('filters');
  const p = {};
  for (const name of ['actor', 'source', 'target', 'root', 'plover', 'quad', 'since', 'until', 'text', 'modality', 'doc'])
    p[name] = form.elements[name].value.trim();
  if (form.elements.both.checked) p.both = '1';
  return p;
}

function setFilters(params) {
  const form = $('filters');
  for (const el2 of form.elements) {
    if (!el2.name) continue;
    if (el2.type === 'checkbox') el2.checked = params.get(el2.name) === '1';
    else el2.value = params.get(el2.name) || '';
  }
}

const exploreColumns = [
  { title: 'Date', cell: (e) => el('td', { class: 'date' }, e.date || '—'), serverSort: true, hint: 'sorts all events' },
  { title: 'Source', cell: (e) => actorCell(e.source), value: (e) => e.source.code, hint: 'sorts this page' },
  { title: 'Event', cell: eventCell, value: (e) => e.cameo, hint: 'sorts this page' },
  { title: 'Target', cell: (e) => actorCell(e.target), value: (e) => e.target.code, hint: 'sorts this page' },
  { title: 'Place', cell: (e) => el('td', {}, placeOf(e)), value: placeOf, hint: 'sorts this page' },
  { title: 'Goldstein', cell: (e) => el('td', { class: 'num' }, e.goldstein.toFixed(1)), value: (e) => e.goldstein, hint: 'sorts this page' },
  { title: 'Mentions', cell: (e) => el('td', { class: 'num' }, e.mentions), value: (e) => e.mentions, hint: 'sorts this page' },
];

function drawExplore() {
  const ex = state.explore;
  let rows = ex.rows;
  if (ex.sort && ex.sort.column > 0) rows = sortRows(rows, exploreColumns[ex.sort.column].value, ex.sort.descending);
  renderTable($('explore-events'), exploreColumns, rows, {
    sort: ex.sort || { column: 0, descending: ex.order === 'newest' },
    onSort: (k) => {
      if (k === 0) { ex.order = ex.order === 'newest' ? 'oldest' : 'newest'; ex.sort = null; ex.offset = 0; loadEvents(); return; }
      ex.sort = { column: k, descending: ex.sort && ex.sort.column === k ? !ex.sort.descending : false };
      drawExplore();
    },
    onClick: (row) => { location.hash = '#event/' + row.id; },
    empty: 'No events match these filters.',
  });
}

async function loadEvents() {
  const ex = state.explore;
  const params = Object.assign(filterParams(), { limit: PAGE, offset: ex.offset, order: ex.order });
  setStatus('explore-status', 'Loading…');
  try {
    const r = await api('/api/events?' + query(params));
    ex.rows = r.events;
    ex.total = r.total;
    drawExplore();
    const last = Math.min(r.offset + r.events.length, r.total);
    $('page-info').textContent = r.total ? `${r.offset + 1}–${last} of ${r.total}` : '0 events';
    $('page-prev').disabled = r.offset === 0;
    $('page-next').disabled = last >= r.total;
    const doc = params.doc ? ` in document “${params.doc}”` : '';
    setStatus('explore-status', `${plural(r.total, 'event')}${doc}. Click a row for its sentence, document and coding.`);
  } catch (e) {
    setStatus('explore-status', e.message, true);
  }
}

async function showEvent(id) {
  const box = $('event-detail');
  box.hidden = false;
  fill(box, 'Loading…');
  let r;
  try { r = await api('/api/events/' + encodeURIComponent(id)); } catch (e) { fill(box, e.message); return; }
  const ev = r.event;
  for (const tr of document.querySelectorAll('#explore-events tr')) tr.classList.toggle('selected', tr.dataset.id === String(ev.id));
  const dyadLink = '#dyads?' + query({ source: ev.source.code, target: ev.target.code, both: '1' });
  fill(box, 
    el('button', { class: 'close', title: 'Close', onclick: () => { box.hidden = true; history.replaceState(null, '', '#explore'); } }, '×'),
    el('h3', {}, `${ev.source.code} → ${ev.target.code}: ${ev.label}`),
    el('blockquote', {}, highlighted(ev.text, spansOfStored(ev))),
    el('dl', {},
      el('dt', {}, 'Date'), el('dd', {}, `${ev.date || 'unknown'} (${ev.date_precision || '—'})`),
      el('dt', {}, 'Source'), el('dd', {}, `${ev.source.code} “${ev.source.text}”`),
      el('dt', {}, 'Event'), el('dd', {}, el('span', { class: 'quad q' + ev.quad }), `${ev.cameo} ${ev.label} · ${QUADS[ev.quad]} · Goldstein ${ev.goldstein.toFixed(1)}`),
      el('dt', {}, 'Target'), el('dd', {}, `${ev.target.code} “${ev.target.text}”`),
      el('dt', {}, 'PLOVER'), el('dd', {}, [ev.plover_event, ev.plover_mode, ev.plover_context].filter(Boolean).join(' · ') || '—'),
      el('dt', {}, 'Modality'), el('dd', {}, ev.modality),
      el('dt', {}, 'Place'), el('dd', {}, placeOf(ev) || '—'),
      ev.attribution ? [el('dt', {}, 'Said by'), el('dd', {}, ev.attribution)] : null,
      el('dt', {}, 'Verb'), el('dd', {}, ev.verb),
      el('dt', {}, 'Dictionary'), el('dd', { class: 'code' }, ev.pattern),
      el('dt', {}, 'Reported'), el('dd', {}, `${ev.mentions} mention${ev.mentions === 1 ? '' : 's'} in ${ev.documents} document${ev.documents === 1 ? '' : 's'}`)),
    el('p', {}, el('a', { href: '#doc/' + encodeURIComponent(ev.doc) + '/' + ev.sentence }, `Open “${ev.doc}”, sentence ${ev.sentence}`), ' · ',
      el('a', { href: dyadLink }, 'This dyad over time')),
    r.mentions.length > 1 ? [el('h3', {}, 'All reports'), el('ol', {}, r.mentions.map((m) =>
      el('li', {}, el('a', { href: '#doc/' + encodeURIComponent(m.doc) + '/' + m.sentence }, `${m.doc} #${m.sentence}`), ': ', m.text)))] : null,
    el('h3', {}, 'How the sentence is coded'),
    el('pre', { class: 'explain' }, r.explanation));
}

async function search(q) {
  const list = clear($('search-hits'));
  $('search-results').hidden = $('search-clear').hidden = !q.trim();
  if (!q.trim()) return;
  try {
    const r = await api('/api/search?' + query({ q, limit: 30 }));
    $('search-count').textContent = r.hits.length === 30 ? 'The first 30 sentences:' : `${plural(r.hits.length, 'sentence')}:`;
    if (!r.hits.length) list.appendChild(el('li', { class: 'quiet' }, 'No sentence holds all of these words.'));
    for (const h of r.hits)
      list.appendChild(el('li', {}, h.text, el('span', { class: 'where' },
        el('a', { href: '#doc/' + encodeURIComponent(h.doc) + '/' + h.sentence }, `${h.doc} #${h.sentence}`),
        h.first_event ? [' · ', el('a', { href: '#event/' + h.first_event }, `${h.events} event${h.events === 1 ? '' : 's'}`)] : ' · no events')));
  } catch (e) {
    list.appendChild(el('li', { class: 'error' }, e.message));
  }
}

// ---- Dyads view -----------------------------------------------------------------------------

function dyadParams() {
  const f = $('dyad-form').elements;
  return { source: f.source.value.trim(), target: f.target.value.trim(), both: f.both.checked ? '1' : '0',
    by: f.by.value, since: f.since.value.trim(), until: f.until.value.trim() };
}

function periodEnd(start, by) {
  const d = new Date(start + 'T00:00:00Z');
  if (by === 'week') d.setUTCDate(d.getUTCDate() + 6);
  else if (by === 'month') d.setUTCMonth(d.getUTCMonth() + 1, 0);
  else if (by === 'quarter') d.setUTCMonth(d.getUTCMonth() + 3, 0);
  else if (by === 'year') d.setUTCMonth(12, 0);
  return d.toISOString().slice(0, 10);
}

async function loadDyad() {
  const p = dyadParams();
  const who = p.source || p.target ? `${p.source || 'anyone'} ${p.both === '1' ? '↔' : '→'} ${p.target || 'anyone'}` : 'all events';
  setStatus('dyad-status', 'Loading…');
  $('spike').hidden = true;
  const qs = query(p);
  $('chart-svg-link').href = '/api/chart.svg?' + qs;
  try {
    const [r, svgText] = await Promise.all([api('/api/series?' + qs), fetchText('/api/chart.svg?' + qs)]);
    const total = r.points.reduce((n, pt) => n + pt.events, 0);
    setStatus('dyad-status', `${who}: ${plural(total, 'event')} by ${r.by}${r.undated ? `, ${r.undated} undated not shown` : ''}. Click a bar for the sentences behind it.`);
    showChart($('chart'), svgText, r.points, (pt) => showSpike(p, pt, r.by));
  } catch (e) {
    setStatus('dyad-status', e.message, true);
    clear($('chart'));
  }
}

async function fetchText(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error || 'HTTP ' + response.status);
  return response.text();
}

// The chart is the server's (report/chart.h, as `dyad series --plot` draws
// it): parsed as SVG, never as HTML, then given one click target per period.
function showChart(box, svgText, points, onPeriod) {
  clear(box);
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  if (doc.documentElement.nodeName !== 'svg' || doc.querySelector('parsererror')) {
    box.appendChild(el('div', { class: 'empty' }, 'The chart could not be read.'));
    return;
  }
  const svg = document.importNode(doc.documentElement, true);
  for (const s of svg.querySelectorAll('script, foreignObject')) s.remove();
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  box.appendChild(svg);
  // Click targets span the panels (their axes), not the title and legend.
  const boxes = [...svg.querySelectorAll('g.axis')].map((a) => a.getBBox());
  const top = boxes.length ? Math.min(...boxes.map((b) => b.y)) : 0;
  const bottom = boxes.length ? Math.max(...boxes.map((b) => b.y + b.height)) : svg.viewBox.baseVal.height;
  const byPeriod = new Map(points.map((pt) => [pt.period, pt]));
  const hits = svgEl('g', { class: 'hits' });
  const seen = new Set();
  for (const rect of svg.querySelectorAll('g.series rect[data-period]')) {
    const pt = byPeriod.get(rect.getAttribute('data-period'));
    if (!pt || seen.has(pt.period)) continue;
    seen.add(pt.period);
    const g = svgEl('g', { class: 'bar', 'data-period': pt.period, 'data-events': pt.events },
      svgEl('rect', { x: rect.getAttribute('x'), y: top, width: rect.getAttribute('width'), height: bottom - top, fill: 'transparent' }),
      svgEl('title', {}, `${pt.period}: ${plural(pt.events, 'event')} — ${pt.quad.map((n, k) => `${n} ${QUADS[k + 1]}`).join(', ')}` +
        (pt.events ? `; Goldstein mean ${pt.goldstein_mean.toFixed(2)}` : '')));
    g.addEventListener('click', () => {
      for (const other of svg.querySelectorAll('.bar.selected')) other.classList.remove('selected');
      g.classList.add('selected');
      onPeriod(pt);
    });
    hits.appendChild(g);
  }
  svg.appendChild(hits);
}

async function showSpike(p, pt, by) {
  const box = $('spike');
  box.hidden = false;
  const until = periodEnd(pt.start, by);
  fill(box, `Loading ${pt.period}…`);
  try {
    const q = { source: p.source, target: p.target, both: p.both, since: pt.start, until, limit: 100 };
    const r = await api('/api/events?' + query(q));
    fill(box, el('h2', {}, `${pt.period}: ${plural(r.total, 'event')}`, el('span', { class: 'muted' }, ` (${pt.start} – ${until})`)),
      el('ol', { class: 'sentences' }, r.events.map((ev) => el('li', {},
        highlighted(ev.text, spansOfStored(ev)),
        el('div', { class: 'chips' }, el('a', { class: 'chip', href: '#event/' + ev.id },
          el('span', { class: 'quad q' + ev.quad }), `${ev.date} ${ev.source.code} → ${ev.cameo} ${ev.label} → ${ev.target.code}`))))));
    box.scrollIntoView({ block: 'nearest' });
  } catch (e) {
    fill(box, e.message);
  }
}

async function loadTopDyads() {
  const p = dyadParams();
  let r;
  try { r = await api('/api/dyads?' + query({ since: p.since, until: p.until, limit: 40 })); } catch (e) { return; }
  const pick = (d) => {
    const f = $('dyad-form').elements;
    f.source.value = d.source; f.target.value = d.target; f.both.checked = false;
    location.hash = '#dyads?' + query({ source: d.source, target: d.target, both: '0', by: f.by.value });
  };
  const columns = [
    { title: 'Source', cell: (d) => el('td', { class: 'actor-code' }, d.source), value: (d) => d.source },
    { title: 'Target', cell: (d) => el('td', { class: 'actor-code' }, d.target), value: (d) => d.target },
    { title: 'Events', cell: (d) => el('td', { class: 'num' }, d.events), value: (d) => d.events },
    { title: 'Quad classes', cell: (d) => el('td', {}, quadBar(d.quad)), value: (d) => d.quad[2] + d.quad[3] },
    { title: 'Goldstein', cell: (d) => el('td', { class: 'num' }, d.goldstein_mean.toFixed(1)), value: (d) => d.goldstein_mean },
  ];
  const sort = { column: 2, descending: true };
  const rows = r.dyads.slice(0, 15);
  const draw = () => renderTable($('top-dyads'), columns, sortRows(rows, columns[sort.column].value, sort.descending), {
    sort, onClick: pick, empty: 'No events stored yet.',
    onSort: (k) => { sort.descending = sort.column === k ? !sort.descending : true; sort.column = k; draw(); },
  });
  draw();
  drawMatrix($('matrix'), r.dyads, pick);
}

function quadBar(quad) {
  const total = quad.reduce((a, b) => a + b, 0) || 1;
  const svg = svgEl('svg', { width: 110, height: 12, viewBox: '0 0 110 12' });
  let x = 0;
  quad.forEach((n, k) => {
    if (!n) return;
    const w = (n / total) * 110;
    svg.appendChild(svgEl('rect', { x, y: 1, width: w, height: 10, fill: QUAD_COLOURS[k + 1] }, svgEl('title', {}, `${n} ${QUADS[k + 1]}`)));
    x += w;
  });
  return svg;
}

// Red (conflict, -10) through grey to blue (cooperation, +10).
function goldsteinColour(v) {
  const t = Math.max(-1, Math.min(1, v / 10));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const grey = [220, 222, 228], blue = [33, 102, 172], red = [178, 24, 43];
  const end = t >= 0 ? blue : red, f = Math.abs(t);
  return `rgb(${mix(grey[0], end[0], f)},${mix(grey[1], end[1], f)},${mix(grey[2], end[2], f)})`;
}

function drawMatrix(box, dyads, pick) {
  clear(box);
  if (!dyads.length) { box.appendChild(el('div', { class: 'empty' }, 'No events stored yet.')); return; }
  const weight = {};
  for (const d of dyads) {
    weight[d.source] = (weight[d.source] || 0) + d.events;
    weight[d.target] = (weight[d.target] || 0) + d.events;
  }
  const actors = Object.keys(weight).sort((a, b) => weight[b] - weight[a] || a.localeCompare(b)).slice(0, 12);
  const cell = 30, left = 84, top = 84;
  const W = left + actors.length * cell + 60, H = top + actors.length * cell + 10;
  const svg = svgEl('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}` });
  const max = Math.max(...dyads.map((d) => d.events));
  actors.forEach((a, i) => {
    svg.appendChild(svgEl('text', { x: left - 6, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'end' }, a));
    const x = left + i * cell + cell / 2;
    svg.appendChild(svgEl('text', { x, y: top - 6, transform: `rotate(-50 ${x} ${top - 6})` }, a));
  });
  svg.appendChild(svgEl('text', { x: 4, y: 14, class: 'label' }, 'source ↓  target →'));
  for (const d of dyads) {
    const i = actors.indexOf(d.source), j = actors.indexOf(d.target);
    if (i < 0 || j < 0) continue;
    const g = svgEl('g', { class: 'cell-group' });
    const rect = svgEl('rect', { class: 'cell', x: left + j * cell, y: top + i * cell, width: cell, height: cell,
      fill: goldsteinColour(d.goldstein_mean), 'fill-opacity': (0.35 + 0.65 * d.events / max).toFixed(2) },
      svgEl('title', {}, `${d.source} → ${d.target}: ${d.events} events, Goldstein mean ${d.goldstein_mean.toFixed(1)}`));
    rect.addEventListener('click', () => pick(d));
    g.appendChild(rect);
    g.appendChild(svgEl('text', { x: left + j * cell + cell / 2, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'middle', 'pointer-events': 'none' }, d.events));
    svg.appendChild(g);
  }
  for (let k = 0; k <= actors.length; k++) {
    svg.appendChild(svgEl('line', { x1: left, x2: left + actors.length * cell, y1: top + k * cell, y2: top + k * cell, stroke: '#eef0f3' }));
    svg.appendChild(svgEl('line', { y1: top, y2: top + actors.length * cell, x1: left + k * cell, x2: left + k * cell, stroke: '#eef0f3' }));
  }
  box.appendChild(svg);
}

// ---- Documents view ---------------------------------------------------------------------------

async function loadDocuments() {
  try {
    const r = await api('/api/documents?limit=200');
    renderTable($('doc-list'), [
      { title: 'Document', cell: (d) => el('td', {}, d.doc) },
      { title: 'Date', cell: (d) => el('td', {}, d.date || '—') },
      { title: 'Events', cell: (d) => el('td', { class: 'num' }, d.events) },
      { title: 'Stored', cell: (d) => el('td', { class: 'actor-text' }, d.ingested_at) },
    ], r.documents, { onClick: (d) => { location.hash = '#doc/' + encodeURIComponent(d.doc); }, empty: 'No documents stored yet.' });
  } catch (e) { /* the header says what is wrong */ }
}

async function showDocument(key, sentence) {
  const box = $('doc-detail');
  box.hidden = false;
  fill(box, 'Loading…');
  try {
    const r = await api('/api/document?' + query({ doc: key }));
    const d = r.document;
    fill(box, el('h3', {}, d.doc),
      el('p', { class: 'muted' }, `${d.date || 'no date'} · ${plural(d.events, 'event')} · stored ${d.ingested_at} from ${d.origin || '?'} · `,
        el('a', { href: '#explore?' + query({ doc: d.doc }) }, 'its events')),
      el('h3', {}, 'Sentences that reported events'),
      el('ol', { class: 'sentences' }, r.sentences.map((s) => el('li', { value: s.index, class: s.index === sentence ? 'target-sentence' : null }, s.text,
        el('div', { class: 'muted' }, plural(s.events, 'event'))))),
      d.text ? el('details', { class: 'body' }, el('summary', {}, 'The whole document'), el('pre', {}, d.text)) : null);
    const target = box.querySelector('.target-sentence');
    if (target) target.scrollIntoView({ block: 'center' });
  } catch (e) {
    fill(box, e.message);
  }
}

// ---- routing --------------------------------------------------------------------------------

function show(view) {
  for (const s of document.querySelectorAll('.view')) s.classList.toggle('active', s.id === 'view-' + view);
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === view);
}

function route() {
  loadInfo();
  const hash = location.hash.slice(1) || 'code';
  const [path, qs] = hash.split('?');
  const params = new URLSearchParams(qs || '');
  const parts = path.split('/');
  if (parts[0] === 'event') {
    show('explore');
    if (!state.explore.rows.length) loadEvents();
    showEvent(parts[1]);
  } else if (parts[0] === 'explore') {
    show('explore');
    if (qs !== undefined) { setFilters(params); state.explore.offset = 0; }
    loadEvents();
  } else if (parts[0] === 'dyads') {
    show('dyads');
    const f = $('dyad-form').elements;
    if (qs !== undefined) {
      for (const name of ['source', 'target', 'since', 'until']) f[name].value = params.get(name) || '';
      f.by.value = params.get('by') || 'month';
      f.both.checked = params.get('both') !== '0';
    }
    loadDyad();
    loadTopDyads();
  } else if (parts[0] === 'documents' || parts[0] === 'doc') {
    show('documents');
    loadDocuments();
    if (parts[0] === 'doc') showDocument(decodeURIComponent(parts[1] || ''), Number(parts[2]) || 0);
  } else {
    show('code');
  }
}

function init() {
  $('code-run').addEventListener('click', () => runCode(false));
  $('code-store').addEventListener('click', () => runCode(true));
  $('code-file').addEventListener('change', (e) => readFiles(e.target.files));
  $('code-text').addEventListener('input', () => { state.files = []; });
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    state.explore.offset = 0;
    state.explore.sort = null;
    location.hash = '#explore?' + query(filterParams());
  });
  $('filters-clear').addEventListener('click', () => { location.hash = '#explore?'; });
  $('page-prev').addEventListener('click', () => { state.explore.offset = Math.max(0, state.explore.offset - PAGE); loadEvents(); });
  $('page-next').addEventListener('click', () => { state.explore.offset += PAGE; loadEvents(); });
  $('search').addEventListener('submit', (e) => { e.preventDefault(); search($('search').elements.q.value); });
  $('search-clear').addEventListener('click', () => { $('search').elements.q.value = ''; search(''); });
  $('dyad-form').addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = '#dyads?' + query(dyadParams());
  });
  window.addEventListener('hashchange', route);
  loadCameo();
  route();
}

init();
