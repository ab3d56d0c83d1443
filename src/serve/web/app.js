// Warta's page, drawn from the JSON API. The landing view lists the stories;
// a story (#story=ID in the URL, so it can be bookmarked and the Back button
// works) shows its ledger chart, the map of the places its claims are about,
// the timeline of its reports, its claims table and the article reader, all
// scoped to the story's documents; #all shows the same over every document;
// #alerts lists the verdict lines stories gained, what changed since the last
// visit first.
// Everything that comes from articles is set with textContent or as an
// attribute value through the DOM, never parsed as markup: no HTML-parsing
// DOM property is used anywhere in this file.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b',
                 '#17becf', '#bcbd22', '#e377c2', '#7f7f7f', '#393b79'];
// scope: {story: ID} or {all: true}; the query string that scopes the
// ledger, claims and places requests is scopeQuery().
// claims: as the API gave them; shown: the rows of the table, in its order
// (what the exports write); sort: the column and direction of that order.
const state = { claims: [], shown: [], docs: new Map(), selectedRow: null, scope: null, places: new Map(),
                storiesOffset: 0, storiesTotal: 0, view: 0, pendingArticle: null,
                sort: { key: null, dir: 1 } };
const STORIES_PAGE = 100;

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

async function getJson(url) {
  const res = await fetch(url, { headers: { 'Accept': 'application/json' } });
  const body = await res.json().catch(() => ({ error: 'not JSON' }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function fmt(v) {
  if (v === null || v === undefined) return '';
  return Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function originName(name) {
  return name.startsWith('OUTLET:') ? name.slice(7) + ' (outlet)' : name;
}

function claimValue(c) {
  if (c.what === 'stance') return '—';
  if (c.value !== null && c.value !== undefined) {
    const q = { approx: 'about ', more_than: 'more than ', less_than: 'less than ' }[c.qualifier] || '';
    return q + fmt(c.value);
  }
  if (c.min !== null && c.max !== null) return fmt(c.min) + '–' + fmt(c.max);
  if (c.min !== null) return 'more than ' + fmt(c.min);
  return '';
}

function dayOf(iso) {
  if (!iso) return null;
  const t = Date.parse(iso + 'T00:00:00Z');
  return Number.isNaN(t) ? null : Math.round(t / 86400000);
}

// ---------------------------------------------------------------- ledger

// A place code as a reader says it: "KP" -> "North Korea" (from the
// story's places); a code without a name stays as it is.
function placeName(code) {
  return state.places.get(code)?.name || code;
}

function groupTitle(g) {
  let t = g.what;
  if (g.subject) t += ' of ' + placeName(g.subject);
  if (g.location) t += g.location === 'abroad' ? ' abroad' : ' in ' + placeName(g.location);
  return t;
}

function stanceList(stances) {
  const ul = el('ul', { class: 'stances' });
  for (const st of stances) ul.append(el('li', {}, `${originName(st.origin)} — ${st.stance.replace('_', ' ')}: “${st.quote}”`));
  return ul;
}

// Figures named in a conflicting verdict: "NIS 1,500 (2024-10-18) vs ...".
function conflictedFigures(g) {
  const marked = new Set();
  for (const v of g.verdicts || []) {
    if (v.kind !== 'conflicting') continue;
    for (const o of g.origins) {
      if (!v.origins.includes(o.name)) continue;
      for (const f of o.figures) {
        if (v.explanation.includes(o.name + ' ' + f.label)) marked.add(f);
      }
    }
  }
  return marked;
}

// An SVG chart of one group: x = date (undated at the right), y = log10 of
// the value; ranges as bars, hedged figures hollow, conflicts ringed, each
// point labelled with its figure.
function groupChart(g) {
  const W = chartWidth($('ledger-groups'), 26), H = 270, L = 64, R = W < 500 ? 70 : 96, T = 14, B = 36;
  const conflicted = conflictedFigures(g);
  let lo = Infinity, hi = 0, d0 = null, d1 = null, undated = false;
  for (const o of g.origins) for (const f of o.figures) {
    const min = Math.max(f.min ?? f.value ?? 1, 1);
    const max = f.max ?? min * 2;
    lo = Math.min(lo, min); hi = Math.max(hi, max);
    const d = dayOf(f.date);
    if (d === null) undated = true;
    else { d0 = d0 === null ? d : Math.min(d0, d); d1 = d1 === null ? d : Math.max(d1, d); }
  }
  if (!(hi > 0)) return null;
  const ylo = Math.floor(Math.log10(lo));
  let yhi = Math.ceil(Math.log10(Math.max(hi, lo * 10)));
  if (yhi <= ylo) yhi = ylo + 1;
  const plotW = W - L - R - (undated ? 90 : 0);
  const x = d => d === null ? L + plotW + 40 : (d1 === d0 ? L + plotW / 2 : L + plotW * (d - d0) / (d1 - d0));
  const y = v => T + (H - T - B) * (1 - (Math.log10(Math.max(v, 1)) - ylo) / (yhi - ylo));
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img',
                         'aria-label': 'values over time of ' + groupTitle(g) });
  s.append(svg('title', {}, 'Values over time: ' + groupTitle(g)));
  for (let e = ylo; e <= yhi; e++) {
    const yy = y(10 ** e);
    s.append(svg('line', { x1: L, y1: yy, x2: W - R, y2: yy, class: 'grid' }));
    s.append(svg('text', { x: L - 6, y: yy + 4, class: 'axis', 'text-anchor': 'end' }, fmt(10 ** e)));
  }
  const dates = new Map();
  for (const o of g.origins) for (const f of o.figures) if (f.date) dates.set(dayOf(f.date), f.date);
  for (const [d, iso] of dates) {
    s.append(svg('line', { x1: x(d), y1: T, x2: x(d), y2: H - B, class: 'grid' }));
  }
  if (d0 !== null) {
    s.append(svg('text', { x: x(d0), y: H - 12, class: 'axis', 'text-anchor': d1 === d0 ? 'middle' : 'start' }, dates.get(d0)));
    if (d1 !== d0) s.append(svg('text', { x: x(d1), y: H - 12, class: 'axis', 'text-anchor': 'end' }, dates.get(d1)));
  }
  if (undated) s.append(svg('text', { x: x(null), y: H - 12, class: 'axis', 'text-anchor': 'middle' }, 'undated'));
  const pending = [];  // [x, y, label] of each figure
  const labels = [];   // drawn last, over the points
  g.origins.forEach((o, oi) => {
    const colour = COLOURS[oi % COLOURS.length];
    let prev = null;
    for (const f of o.figures) {
      const d = dayOf(f.date);
      // Undated figures stand side by side, one column per origin.
      const px = x(d) + (d === null ? (oi % 8) * 9 - 20 : (oi % 6) * 4 - 10);
      const v = f.value ?? f.min ?? 1;
      const py = y(v);
      if (prev && d !== null) s.append(svg('line', { x1: prev[0], y1: prev[1], x2: px, y2: py, stroke: colour, class: 'link' }));
      if (d !== null) prev = [px, py];
      if (f.value === null || f.value === undefined || f.max === null || f.max !== f.min) {
        const top = f.max === null || f.max === undefined ? T : y(f.max);
        s.append(svg('line', { x1: px, y1: y(Math.max(f.min ?? v, 1)), x2: px, y2: top, stroke: colour, class: 'range' }));
      }
      const hollow = f.stance !== 'asserts' && f.stance !== 'confirms';
      const c = svg('circle', { cx: px, cy: py, r: 5, fill: hollow ? '#fff' : colour, stroke: colour,
                                'stroke-width': 2, class: 'point' });
      c.append(svg('title', {}, `${originName(o.name)}: ${f.label} (${f.date || 'undated'}, ${f.stance})`));
      s.append(c);
      if (conflicted.has(f)) s.append(svg('circle', { cx: px, cy: py, r: 9, class: 'conflict' }));
      // The figure itself, beside its point, unless a label is already there.
      pending.push([px, py, f.label.replace(' (vague)', '')]);
    }
  });
  // Labels after all points, so that they can avoid every point: right of
  // the point, else left of it, else a line or two lower; dropped (the point's
  // tooltip still says it) when there is no room.
  const used = pending.map(([px, py]) => [px - 6, py + 4, 12]);
  for (const [px, py, text] of pending) {
    const lw = text.length * 6.2;
    const clash = (lx, ly) => used.some(u => lx < u[0] + u[2] && u[0] < lx + lw && Math.abs(u[1] - ly) < 11);
    let lx = px + 9, ly = py + 4;
    if (clash(lx, ly) && !clash(px - 9 - lw, ly) && px - 9 - lw > L) lx = px - 9 - lw;
    for (let k = 0; k < 5 && clash(lx, ly); k++) ly += 12;
    if (!clash(lx, ly)) {
      used.push([lx, ly, lw]);
      labels.push(svg('text', { x: lx, y: ly, class: 'value' }, text));
    }
  }
  s.append(...labels);
  return s;
}

function legend(g) {
  const ul = el('ul', { class: 'legend', 'aria-label': 'origins' });
  g.origins.forEach((o, oi) => {
    const sw = svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' });
    sw.append(svg('rect', { width: 12, height: 12, fill: COLOURS[oi % COLOURS.length] }));
    const li = el('li', {}, '', originName(o.name));
    li.prepend(sw);
    if (o.via && o.via.length) li.append(el('span', { class: 'muted' }, ' via ' + o.via.join(', ')));
    ul.append(li);
  });
  return ul;
}

function renderLedger(ledger) {
  const box = $('ledger-groups');
  box.replaceChildren();
  const loose = ledger.stances || [];
  $('ledger-story').textContent = `${ledger.story}: ${ledger.documents.length} documents, ` +
      `${ledger.claims.length} claims, ${ledger.groups.length} groups` +
      (loose.length ? `, ${loose.length} stances on no figure` : '');
  if (!ledger.claims.length) { box.append(el('p', { class: 'muted' }, 'No claims yet.')); return; }
  ledger.groups.forEach((g, gi) => {
    const figures = g.origins.reduce((n, o) => n + o.figures.length, 0);
    const sec = el('section', { class: 'group', id: 'group-' + gi, 'aria-label': groupTitle(g) },
      el('h3', {}, groupTitle(g)),
      el('p', { class: 'muted' }, `${g.origins.length} origins, ${figures} figures, ${g.reports} reports`));
    if (gi < 3 || figures > 1) {
      const chart = groupChart(g);
      if (chart) { sec.append(chart); sec.append(legend(g)); }
    }
    if (g.verdicts && g.verdicts.length) {
      const ul = el('ul', { class: 'verdicts' });
      for (const v of g.verdicts) {
        ul.append(el('li', { class: 'verdict-' + v.kind }, el('span', { class: 'verdict-kind' }, v.kind + ': '), v.explanation));
      }
      sec.append(ul);
    }
    if (g.stances && g.stances.length) sec.append(stanceList(g.stances));
    box.append(sec);
  });
  // Stances that answer no figure ("the ministry denied the report"): shown
  // on their own, never dropped.
  if (loose.length) {
    box.append(el('section', { class: 'group', id: 'loose-stances', 'aria-label': 'stances on no figure' },
      el('h3', {}, 'Stances on no figure'),
      el('p', { class: 'muted' }, `${loose.length} stance${loose.length === 1 ? '' : 's'} that no figure group answers`),
      stanceList(loose)));
  }
}

// The width to draw a chart at: the width it will be shown at (its box's,
// less `padding`), between 320 and 680 units, so that one unit is one pixel
// and text drawn at 11 units is 11 pixels on a phone too.
function chartWidth(box, padding) {
  const w = (box && box.clientWidth) ? box.clientWidth - padding : 680;
  return Math.round(Math.max(320, Math.min(680, w)));
}

// Chart text stays readable however narrow the screen: the charts are drawn
// 680 units wide and scaled to their box, so on a phone 11 units would be
// 6 pixels. The text's size is divided by the scale (never below 11 px).
function fitChartText() {
  for (const s of document.querySelectorAll('svg.chart:not(.map)')) {
    const w = s.viewBox.baseVal && s.viewBox.baseVal.width;
    const shown = s.getBoundingClientRect().width;
    if (!w || !shown) continue;
    const scale = shown / w;
    s.style.setProperty('--text-scale', String(scale < 1 ? 1 / scale : 1));
  }
}

// ---------------------------------------------------------------- timeline

// One row per outlet, one dot per report on its publication date (undated at
// the right), sized by the claims it carries; a click opens the article.
function renderTimeline(docs, claimCounts) {
  const box = $('timeline-chart');
  box.replaceChildren();
  if (!docs.length) return;
  const outlets = [...new Set(docs.map(d => d.outlet || d.id))];
  const days = docs.map(d => dayOf(d.published)).filter(d => d !== null);
  const undated = docs.some(d => dayOf(d.published) === null);
  const d0 = days.length ? Math.min(...days) : 0, d1 = days.length ? Math.max(...days) : 0;
  const W = chartWidth(box, 0), L = W < 500 ? 110 : 150, R = 24, rowH = 24, T = 8, B = 28;
  const cut = W < 500 ? 15 : 20;  // outlet names, in characters
  const H = T + rowH * outlets.length + B;
  const plotW = W - L - R - (undated ? 100 : 0);
  const x = d => d === null ? L + plotW + 70 : (d1 === d0 ? L + plotW / 2 : L + plotW * (d - d0) / (d1 - d0));
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart timeline', role: 'img',
                         'aria-label': 'reports over time by outlet' });
  outlets.forEach((o, i) => {
    const y = T + rowH * i + rowH / 2;
    s.append(svg('line', { x1: L, y1: y, x2: W - R, y2: y, class: 'grid' }));
    s.append(svg('text', { x: L - 8, y: y + 4, class: 'axis', 'text-anchor': 'end' }, o.length > cut ? o.slice(0, cut - 1) + '…' : o));
  });
  const dates = new Map(docs.filter(d => dayOf(d.published) !== null).map(d => [dayOf(d.published), d.published]));
  for (const [d, iso] of dates) s.append(svg('text', { x: x(d), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, iso));
  if (undated) s.append(svg('text', { x: x(null), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, 'undated'));
  for (const d of docs) {
    const n = claimCounts.get(d.id) || 0;
    const c = svg('circle', { cx: x(dayOf(d.published)), cy: T + rowH * outlets.indexOf(d.outlet || d.id) + rowH / 2,
                              r: 4 + Math.min(6, Math.sqrt(n)), class: 'report', tabindex: 0, role: 'button',
                              'aria-label': `${d.title || d.id}: ${n} claims` });
    c.append(svg('title', {}, `${d.title || d.id} (${d.published || 'undated'}): ${n} claims`));
    c.addEventListener('click', () => showArticle(d.id));
    c.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showArticle(d.id); } });
    s.append(c);
  }
  box.append(s);
}

// ---------------------------------------------------------------- map

// Equirectangular, in degrees, as data/geo/make_world.py drew /world.svg:
// x = lon + 180, y = 90 - lat, over 360 x 150 (the map stops at 60 S).
const MAP_W = 360, MAP_H = 150;

// The world outline with a marker per place, sized by its claims; the view
// is cropped to the markers (with a margin) so that neighbours such as the
// two Koreas stay apart. Each marker is a button: a click, Enter or Space
// filters the claims table to claims about that place.
function renderMap(places) {
  const box = $('map-chart'), list = $('place-list');
  box.replaceChildren();
  list.replaceChildren();
  if (!places.length) { box.append(el('p', { class: 'muted' }, 'No claim names a place yet.')); return; }
  const px = p => p.lon + 180, py = p => 90 - p.lat;
  let x0 = Math.min(...places.map(px)) - 20, x1 = Math.max(...places.map(px)) + 20;
  let y0 = Math.min(...places.map(py)) - 12, y1 = Math.max(...places.map(py)) + 12;
  // At least a quarter of the world wide, in the outline's 12:5 shape.
  let w = Math.max(x1 - x0, 90), h = Math.max(y1 - y0, w * 5 / 12);
  w = Math.max(w, h * 12 / 5);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  x0 = Math.min(Math.max(cx - w / 2, 0), MAP_W - Math.min(w, MAP_W));
  y0 = Math.min(Math.max(cy - h / 2, 0), MAP_H - Math.min(h, MAP_H));
  w = Math.min(w, MAP_W); h = Math.min(h, MAP_H);
  // One screen pixel in degrees, for the map as wide as its box (at most
  // 680 pixels): labels stay 12 pixels on a phone too.
  const unit = w / Math.min(680, box.clientWidth || 680);
  const s = svg('svg', { viewBox: `${x0.toFixed(2)} ${y0.toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)}`,
                         class: 'chart map', role: 'group', 'aria-label': 'map of the places the claims are about' });
  s.append(svg('rect', { x: 0, y: 0, width: MAP_W, height: MAP_H, class: 'sea' }));
  s.append(svg('image', { href: '/world.svg', x: 0, y: 0, width: MAP_W, height: MAP_H,
                          preserveAspectRatio: 'none', 'aria-hidden': 'true' }));
  const most = Math.max(...places.map(p => p.claims));
  const used = [];  // label boxes drawn so far
  // Biggest first, so that small markers are drawn on top and stay clickable.
  for (const p of [...places].sort((a, b) => b.claims - a.claims)) {
    const label = `${p.name}: ${p.claims} claim${p.claims === 1 ? '' : 's'}`;
    const g = svg('g', { class: 'marker', tabindex: 0, role: 'button', 'aria-label': label,
                         'data-place': p.code, 'aria-pressed': String($('f-place').value === p.code) });
    g.append(svg('title', {}, label));
    const r = unit * (5 + 11 * Math.sqrt(p.claims / most));
    g.append(svg('circle', { cx: px(p), cy: py(p), r }));
    g.append(markerLabel(p.name, px(p), py(p), r, unit, used));
    g.addEventListener('click', () => filterPlace(p.code));
    g.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); filterPlace(p.code); }
    });
    s.append(g);
  }
  box.append(s);
  for (const p of places) {
    const b = el('button', { type: 'button', 'data-place': p.code }, p.name);
    b.addEventListener('click', () => filterPlace(p.code));
    list.append(el('li', {}, b, el('span', { class: 'muted' }, ` ${p.claims}`)));
  }
}

// A marker's name beside it: up-right, else down-right, left, below or
// above, whichever first overlaps no label drawn before (the two Koreas
// stand a few degrees apart). `used` collects the boxes [x0, y0, x1, y1].
function markerLabel(name, cx, cy, r, unit, used) {
  const size = unit * 12, w = name.length * size * 0.58, h = size;
  const gap = r + unit * 2;
  const spots = [[cx + gap * 0.7, cy - gap * 0.7], [cx + gap * 0.7, cy + gap * 0.7 + h],
                 [cx - gap * 0.7 - w, cy - gap * 0.7], [cx - w / 2, cy + gap + h], [cx - w / 2, cy - gap]];
  const free = ([x, y]) => !used.some(b => x < b[2] && b[0] < x + w && y - h < b[3] && b[1] < y);
  const [x, y] = spots.find(free) || spots[0];
  used.push([x, y - h, x + w, y]);
  return svg('text', { x, y, 'font-size': size, class: 'marker-label' }, name);
}

// Shows only the claims about `code` (again: all places).
function filterPlace(code) {
  const select = $('f-place');
  select.value = select.value === code ? '' : code;
  for (const m of document.querySelectorAll('#map-chart .marker')) {
    m.setAttribute('aria-pressed', String(m.getAttribute('data-place') === select.value));
  }
  loadClaims().then(() => $('claims-count').scrollIntoView({ block: 'nearest' }));
}

// ---------------------------------------------------------------- claims

function fillSelect(select, values, names) {
  while (select.options.length > 1) select.remove(1);
  for (const v of [...new Set(values)].filter(Boolean).sort()) {
    select.append(el('option', { value: v }, names ? names.get(v) || v : v));
  }
}

// The cells of a claim as the table shows them and the exports write them.
function claimRow(c) {
  const doc = state.docs.get(c.doc);
  return {
    value: claimValue(c),
    what: c.what,
    source: c.source === 'OUTLET' ? (doc?.outlet || c.doc) + ' (outlet)' : c.source,
    stance: c.stance.replace('_', ' '),
    said: c.said_date || '',
    outlet: doc?.outlet || '',
    doc: c.doc,
    quote: c.quote,
  };
}

// Sort keys: numbers by the lower end of the amount, the rest as text.
function sortKey(c, row, key) {
  if (key === 'value') return c.value ?? c.min ?? -1;
  return row[key].toLocaleLowerCase();
}

function sortedClaims(claims) {
  const { key, dir } = state.sort;
  const rows = claims.map(c => [c, claimRow(c)]);
  if (key) {
    rows.sort((a, b) => {
      const x = sortKey(a[0], a[1], key), y = sortKey(b[0], b[1], key);
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  }
  return rows;
}

const COLUMNS = [['value', 'Value'], ['what', 'What'], ['source', 'Source'], ['stance', 'Stance'],
                 ['said', 'Said'], ['outlet', 'Outlet'], ['doc', 'Document'], ['quote', 'Sentence']];

function renderClaims(claims, total) {
  const tbody = $('claims-table').querySelector('tbody');
  tbody.replaceChildren();
  const place = $('f-place').value;
  $('claims-count').textContent = (total > claims.length ? `${claims.length} of ${total} claims` : `${claims.length} claims`) +
      (place ? ` about ${placeName(place)}` : '');
  for (const th of $('claims-table').querySelectorAll('th[data-key]')) {
    const k = th.getAttribute('data-key');
    th.setAttribute('aria-sort', state.sort.key === k ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  const rows = sortedClaims(claims);
  state.shown = rows;
  rows.forEach(([c, row], i) => {
    const button = el('button', { type: 'button', class: 'quote', 'data-claim': String(i),
                                  'aria-label': 'Show in its article: ' + c.quote.slice(0, 80) }, c.quote);
    button.addEventListener('click', () => showClaim(c, tr));
    const cell = (key, cls) => el('td', { 'data-label': COLUMNS.find(k => k[0] === key)[1], ...(cls ? { class: cls } : {}) },
                                  key === 'quote' ? button : row[key]);
    const tr = el('tr', { 'data-doc': c.doc },
      cell('value', 'num'), cell('what'), cell('source'), cell('stance'), cell('said', 'num'),
      cell('outlet'), cell('doc', 'doc'), cell('quote', 'sentence'));
    const title = state.docs.get(c.doc)?.title;
    if (title) tr.children[6].setAttribute('title', title);
    tbody.append(tr);
  });
}

// Sorts the table by `key`; again on the same column, the other way round.
function sortBy(key) {
  state.sort = state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: 1 };
  renderClaims(state.claims, state.total);
}

// ---------------------------------------------------------------- exports

function csvField(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

// The claims shown, in the table's order: CSV with the table's columns and
// the claim's own fields, or the API's JSON of each claim.
function exportText(kind) {
  if (kind === 'json') return JSON.stringify(state.shown.map(([c]) => c), null, 2) + '\n';
  const head = ['value', 'min', 'max', 'qualifier', 'what', 'source', 'stance', 'said_date', 'outlet', 'doc', 'quote'];
  const lines = [head.join(',')];
  for (const [c, row] of state.shown) {
    lines.push([c.value, c.min, c.max, c.qualifier, c.what, row.source, c.stance, c.said_date, row.outlet, c.doc, c.quote]
      .map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function download(kind) {
  const type = kind === 'json' ? 'application/json' : 'text/csv';
  const blob = new Blob([exportText(kind)], { type: type + ';charset=utf-8' });
  const a = el('a', { href: URL.createObjectURL(blob), download: exportName() + '.' + kind });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function exportName() {
  return 'claims-' + (state.scope && state.scope.story ? state.scope.story : 'all').replace(/[^A-Za-z0-9_-]/g, '_');
}

function scopeQuery() {
  return state.scope && state.scope.story ? 'story=' + encodeURIComponent(state.scope.story) : '';
}

async function loadClaims() {
  const params = new URLSearchParams(scopeQuery());
  for (const [id, name] of [['f-doc', 'doc'], ['f-what', 'what'], ['f-stance', 'stance'],
                            ['f-place', 'place'], ['f-source', 'source'], ['f-from', 'from'], ['f-to', 'to']]) {
    const v = $(id).value.trim();
    if (v) params.set(name, v);
  }
  params.set('limit', '2000');
  const view = state.view;
  try {
    const r = await getJson('/api/claims?' + params.toString());
    if (view !== state.view) return;  // the user has moved on
    state.claims = r.claims;
    state.total = r.total;
    renderClaims(r.claims, r.total);
  } catch (e) {
    $('claims-count').textContent = 'Could not load the claims: ' + e.message;
  }
}

// ---------------------------------------------------------------- article

// Clean-text offsets are UTF-8 bytes; JavaScript strings are UTF-16.
function sliceBytes(bytes, a, b) { return new TextDecoder().decode(bytes.subarray(a, b)); }

async function showArticle(docId, start, end) {
  const meta = $('article-meta'), box = $('article-text');
  try {
    const d = await getJson('/api/documents/' + encodeURIComponent(docId));
    $('article-h').textContent = d.title || d.id;
    const copy = d.duplicate_of ? `copy (${d.duplicate_of.kind}) of ${d.duplicate_of.id}` : null;
    meta.textContent = [d.outlet, d.published, d.id, copy].filter(Boolean).join(' · ');
    box.replaceChildren();
    const bytes = new TextEncoder().encode(d.text);
    if (start !== undefined && start !== null && end > start && end <= bytes.length) {
      const mark = el('mark', { class: 'hl', id: 'highlight', tabindex: '-1' }, sliceBytes(bytes, start, end));
      box.append(sliceBytes(bytes, 0, start), mark, sliceBytes(bytes, end, bytes.length));
      mark.scrollIntoView({ block: 'center' });
      mark.focus({ preventScroll: true });
    } else {
      box.append(d.text);
      $('article-h').focus({ preventScroll: true });
    }
  } catch (e) {
    meta.textContent = 'Could not load the article: ' + e.message;
  }
}

function showClaim(c, tr) {
  if (state.selectedRow) state.selectedRow.classList.remove('selected');
  tr.classList.add('selected');
  state.selectedRow = tr;
  return showArticle(c.doc, c.text_start, c.text_end);
}

// ---------------------------------------------------------------- documents and search

function renderDocuments(docs) {
  const ul = $('doc-list');
  ul.replaceChildren();
  for (const d of docs) {
    const b = el('button', { type: 'button' }, d.title || d.id);
    b.addEventListener('click', () => showArticle(d.id));
    const about = [d.outlet, d.published, d.lang].filter(Boolean).join(', ');
    const li = el('li', {}, b, el('span', { class: 'muted' }, ' — ' + about));
    if (d.duplicate_of) li.append(el('span', { class: 'copy' }, ` copy of ${d.duplicate_of.id}`));
    ul.append(li);
  }
  if (!docs.length) ul.append(el('li', { class: 'muted' }, 'No documents yet: POST /api/ingest or `warta ingest`.'));
}

async function search(q) {
  const section = $('results'), ul = $('result-list');
  section.hidden = false;
  ul.replaceChildren();
  try {
    const r = await getJson('/api/search?q=' + encodeURIComponent(q));
    if (!r.results.length) ul.append(el('li', { class: 'muted' }, 'Nothing found.'));
    for (const hit of r.results) {
      const b = el('button', { type: 'button' }, hit.title || hit.id);
      b.addEventListener('click', () => {
        const target = hit.story ? '#story=' + encodeURIComponent(hit.story) : '#all';
        if (location.hash === target) { showArticle(hit.id, hit.text_start, hit.text_end); return; }
        state.pendingArticle = [hit.id, hit.text_start, hit.text_end];  // shown once route() is done
        location.hash = target;
      });
      const about = [hit.outlet, hit.published, hit.story ? 'story ' + hit.story : null].filter(Boolean).join(', ');
      ul.append(el('li', {}, b, el('span', { class: 'muted' }, ' — ' + about),
                   el('div', { class: 'muted' }, '…' + hit.snippet + '…')));
    }
  } catch (e) {
    ul.append(el('li', {}, 'Search failed: ' + e.message));
  }
  $('results-h').focus();
}

// ---------------------------------------------------------------- alerts

// An alert is a verdict line a story's ledger gained (GET /api/alerts, newest
// first). "What changed since my last visit": the newest alert seen when the
// alerts were last shown is kept in the browser's localStorage as
// {seq, time}. It is read once as the page loads (state.visit) and decides
// what is new while the page is open; what is shown now is the next page
// load's last visit.
const SEEN_KEY = 'warta.alerts.seen';

function readSeen() {
  try {
    const v = JSON.parse(localStorage.getItem(SEEN_KEY) || 'null');
    if (v && Number.isFinite(v.seq) && Number.isFinite(v.time)) return v;
  } catch (e) { /* storage refused or not ours: as if never visited */ }
  return null;
}

// Remembers the newest of `alerts` as seen (never going back); a visit that
// saw none is kept too, as seq 0 at this moment.
function markSeen(alerts) {
  const newest = alerts.reduce((a, b) => (!a || b.seq > a.seq ? b : a), null);
  const seen = readSeen();
  if (seen && (!newest || seen.seq >= newest.seq)) return;
  const time = Math.floor((newest ? Date.parse(newest.created) : Date.now()) / 1000);
  try {
    localStorage.setItem(SEEN_KEY, JSON.stringify({ seq: newest ? newest.seq : 0, time: Number.isFinite(time) ? time : 0 }));
  } catch (e) { /* private mode: nothing kept */ }
}

// The since= that covers every alert after the last visit: its time, less an
// hour for a browser clock ahead of the server's; isNew() then keeps only
// those after the last one seen.
function visitSince() {
  return state.visit ? String(Math.max(0, state.visit.time - 3600)) : '';
}

function isNew(a) { return !state.visit || a.seq > state.visit.seq; }

// "2026-12-07T12:31:05Z" as "2026-12-07 12:31 UTC, 5 min ago".
function whenText(iso) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso || '');
  const ago = Math.max(0, Math.round((Date.now() - t) / 60000));
  const rel = ago < 1 ? 'just now' : ago < 60 ? `${ago} min ago` : ago < 48 * 60 ? `${Math.round(ago / 60)} h ago`
                                                                   : `${Math.round(ago / 1440)} days ago`;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC, ' + rel;
}

// A ledger group's key ("troops|KP|abroad") as a heading says it.
function groupOfKey(key) {
  const [what, subject, location] = String(key || '').split('|');
  return groupTitle({ what: what || '', subject: subject || '', location: location || '' });
}

// One alert: its kind, the story (a link to its ledger) unless `inStory`,
// when, the verdict line, and each figure with its origin and outlets.
function alertItem(a, inStory) {
  const v = a.verdict && typeof a.verdict === 'object' ? a.verdict : {};
  const kind = String(a.kind || '');
  const fresh = isNew(a);
  const li = el('li', { class: 'alert verdict-' + kind.replace(/[^A-Za-z0-9_-]/g, '') + (fresh ? ' new' : ''),
                        'data-seq': String(a.seq) });
  const head = el('p', { class: 'alert-head' }, el('span', { class: 'verdict-kind' }, kind));
  if (!inStory) {
    head.append(' ', el('a', { href: '#story=' + encodeURIComponent(a.story), class: 'story-link' },
                        String(a.story_label || a.story)));
  }
  head.append(' ', el('span', { class: 'muted' }, groupOfKey(a.group)));
  if (fresh) head.append(' ', el('span', { class: 'badge' }, 'new'));
  li.append(head, el('p', { class: 'alert-line' }, String(a.line)));
  const figures = (Array.isArray(v.figures) ? v.figures : []).filter(f => f && typeof f === 'object');
  if (figures.length) {
    const ul = el('ul', { class: 'alert-figures', 'aria-label': 'figures' });
    for (const f of figures) {
      const outlets = [...new Set((Array.isArray(f.reports) ? f.reports : []).map(r => r && r.outlet).filter(Boolean))];
      ul.append(el('li', {}, el('span', { class: 'origin' }, originName(String(f.origin || ''))), ': ',
                   f.label === undefined ? 'a figure' : String(f.label), ' (' + (f.date ? String(f.date) : 'undated') + ')',
                   outlets.length ? el('span', { class: 'muted' }, ' — reported by ' + outlets.map(String).join(', ')) : null));
    }
    li.append(ul);
  }
  li.append(el('p', { class: 'alert-when muted' }, el('time', { datetime: String(a.created) }, whenText(a.created))));
  return li;
}

// The since= of the request for the choice `since` ("visit", "2h", ... or
// "" for every alert).
function sinceParam(since) {
  return since === 'visit' ? visitSince() : since;
}

async function loadAlerts() {
  const view = state.view;
  const since = $('a-since').value;
  const ol = $('alert-list');
  const params = new URLSearchParams({ limit: '1000' });
  if (sinceParam(since)) params.set('since', sinceParam(since));
  try {
    const r = await getJson('/api/alerts?' + params.toString());
    if (view !== state.view) return;
    const alerts = since === 'visit' ? r.alerts.filter(isNew) : r.alerts;
    ol.replaceChildren(...alerts.map(a => alertItem(a, false)));
    const stories = new Set(alerts.map(a => a.story)).size;
    const when = since === '' ? 'so far'
      : since === 'visit' ? (state.visit ? 'since your last visit' : 'so far (your first visit)')
      : ['1h', '1d', '7d'].includes(since) ? 'in ' + $('a-since').selectedOptions[0].textContent.trim()
      : 'since ' + since;
    $('alerts-count').textContent = alerts.length
      ? `${fmt(alerts.length)} alert${alerts.length === 1 ? '' : 's'} in ${stories} stor${stories === 1 ? 'y' : 'ies'} ${when}`
      : (since === 'visit' && state.visit ? 'Nothing changed since your last visit.' : `No alerts ${when}.`);
    // The newest alert is first in any answer that is not empty; an empty
    // one says there is none only when nothing was filtered out.
    if (r.alerts.length || sinceParam(since) === visitSince()) markSeen(r.alerts);
  } catch (e) {
    ol.replaceChildren();
    $('alerts-count').textContent = 'Could not load the alerts: ' + e.message;
  }
}

// The story's own alerts, above its ledger; hidden when it has none.
async function loadStoryAlerts(story, view) {
  const section = $('story-alerts');
  try {
    const r = await getJson('/api/alerts?limit=50&story=' + encodeURIComponent(story));
    if (view !== state.view) return;
    $('story-alert-list').replaceChildren(...r.alerts.map(a => alertItem(a, true)));
    section.hidden = !r.alerts.length;
  } catch (e) {
    section.hidden = true;  // a database without alerts (PostgreSQL): nothing to show
  }
}

// "Alerts 3 new" in the header: the alerts after the last visit.
async function countNewAlerts() {
  try {
    const since = visitSince();
    const r = await getJson('/api/alerts?limit=1000' + (since ? '&since=' + since : ''));
    const n = r.alerts.filter(isNew).length;
    $('alerts-badge').textContent = n ? `${n >= 1000 ? '1,000+' : n} new` : '';
    $('alerts-badge').hidden = !n;
  } catch (e) {
    $('alerts-badge').hidden = true;
  }
}

// ---------------------------------------------------------------- stories

function storyTitle(s) { return s.label || s.id; }

async function loadStories(more) {
  const tbody = $('stories-table').querySelector('tbody');
  if (!more) { tbody.replaceChildren(); state.storiesOffset = 0; }
  try {
    const r = await getJson(`/api/stories?offset=${state.storiesOffset}&limit=${STORIES_PAGE}`);
    state.storiesTotal = r.total;
    for (const s of r.stories) {
      tbody.append(el('tr', {},
        el('td', {}, el('a', { href: '#story=' + encodeURIComponent(s.id), class: 'story-link' }, storyTitle(s)),
           el('span', { class: 'muted id' }, ' ' + s.id)),
        el('td', { class: 'num' }, fmt(s.size)),
        el('td', { class: 'num' }, s.first_seen || ''),
        el('td', { class: 'num' }, s.last_seen || ''),
        el('td', {}, s.languages.join(', '))));
    }
    state.storiesOffset += r.stories.length;
    $('stories-count').textContent = r.total
      ? `${fmt(r.total)} stories, largest first; showing ${fmt(state.storiesOffset)}`
      : 'No stories yet: `warta ingest` groups articles into stories as it stores them.';
    $('stories-more').hidden = state.storiesOffset >= r.total;
  } catch (e) {
    $('stories-count').textContent = 'Could not load the stories: ' + e.message;
  }
}

// The story view, scoped to one story or to every document.
async function loadScope() {
  const view = ++state.view;
  const q = scopeQuery();
  state.docs = new Map();
  state.selectedRow = null;
  for (const id of ['f-doc', 'f-what', 'f-stance', 'f-place']) $(id).value = '';
  for (const id of ['f-source', 'f-from', 'f-to']) $(id).value = '';
  state.sort = { key: null, dir: 1 };
  $('claimreview-link').setAttribute('href', '/api/claimreview' + (q ? '?' + q : ''));
  $('claimreview-link').setAttribute('download', exportName().replace('claims-', 'claimreview-') + '.jsonld');
  $('ledger-groups').replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  $('story-alerts').hidden = true;
  for (const id of ['map-chart', 'place-list', 'timeline-chart', 'doc-list', 'article-text']) $(id).replaceChildren();
  $('claims-table').querySelector('tbody').replaceChildren();
  $('article-h').textContent = 'Article';
  $('article-meta').textContent = 'Choose a claim or a document to read it here, the claim\'s sentence highlighted.';
  let docs = [];
  try {
    if (state.scope.story) {
      const s = await getJson('/api/stories/' + encodeURIComponent(state.scope.story));
      if (view !== state.view) return;
      $('story-h').textContent = storyTitle(s);
      $('story-meta').textContent = [`story ${s.id}`, `${fmt(s.size)} documents`,
        s.first_seen ? (s.first_seen === s.last_seen ? s.first_seen : `${s.first_seen} to ${s.last_seen}`) : null,
        s.languages.length ? 'languages: ' + s.languages.join(', ') : null,
        s.copies ? `${s.copies} copies of earlier articles` : null].filter(Boolean).join(' · ');
      document.title = storyTitle(s) + ' — Warta';
      docs = s.members;
    } else {
      const r = await getJson('/api/documents');
      if (view !== state.view) return;
      $('story-h').textContent = 'Every document';
      $('story-meta').textContent = `${fmt(r.total)} documents, as one ledger`;
      document.title = 'Every document — Warta';
      docs = r.documents;
    }
  } catch (e) {
    $('story-h').textContent = 'Story not found';
    $('story-meta').textContent = e.message;
    $('ledger-groups').replaceChildren();
    return;
  }
  for (const d of docs) state.docs.set(d.id, d);
  if (state.scope.story) loadStoryAlerts(state.scope.story, view);
  renderDocuments(docs);
  fillSelect($('f-doc'), docs.map(d => d.id));
  const [ledger, places] = await Promise.all([
    getJson('/api/ledger' + (q ? '?' + q : '')).catch(e => e),
    getJson('/api/places' + (q ? '?' + q : '')).catch(e => e)]);
  if (view !== state.view) return;
  // Places first: the ledger's headings name their countries.
  if (places instanceof Error) {
    state.places = new Map();
    $('map-chart').replaceChildren(el('p', {}, 'Could not load the places: ' + places.message));
  } else {
    state.places = new Map(places.places.map(p => [p.code, p]));
    fillSelect($('f-place'), places.places.map(p => p.code), new Map(places.places.map(p => [p.code, p.name])));
    renderMap(places.places);
  }
  if (ledger instanceof Error) {
    $('ledger-groups').replaceChildren(el('p', {}, 'Could not load the ledger: ' + ledger.message));
  } else {
    renderLedger(ledger);
    fillSelect($('f-what'), ledger.claims.map(c => c.what));
    fillSelect($('f-stance'), ledger.claims.map(c => c.stance));
    const counts = new Map();
    for (const c of ledger.claims) counts.set(c.doc, (counts.get(c.doc) || 0) + 1);
    renderTimeline(docs, counts);
  }
  fitChartText();
  await loadClaims();
}

// The view the URL's hash names: "" the stories, "#story=ID" one story,
// "#all" every document, "#alerts" the alerts ("#alerts?since=2h": since
// then, as GET /api/alerts reads since=).
async function route() {
  const hash = location.hash.slice(1);
  const story = hash.startsWith('story=') ? decodeURIComponent(hash.slice(6)) : null;
  const all = hash === 'all';
  const alerts = hash === 'alerts' || hash.startsWith('alerts?');
  document.body.removeAttribute('data-ready');
  $('stories-view').hidden = !!(story || all || alerts);
  $('story-view').hidden = !(story || all);
  $('alerts-view').hidden = !alerts;
  if (alerts) {
    state.scope = null;
    state.view++;
    document.title = 'Alerts — Warta';
    const since = new URLSearchParams(hash.slice(7)).get('since');
    if (since !== null) {
      const select = $('a-since');
      if (![...select.options].some(o => o.value === since)) select.append(el('option', { value: since }, since));
      select.value = since;
    }
    await loadAlerts();
    $('alerts-h').focus({ preventScroll: true });
  } else if (story || all) {
    state.scope = story ? { story } : { all: true };
    await loadScope();
    if (state.pendingArticle) {
      const [id, start, end] = state.pendingArticle;
      state.pendingArticle = null;
      await showArticle(id, start, end);
    } else {
      $('story-h').focus({ preventScroll: true });
    }
  } else {
    state.scope = null;
    state.view++;
    document.title = 'Warta — stories and claim ledgers';
    if (!state.storiesOffset) await loadStories(false);
  }
  document.body.setAttribute('data-ready', 'true');
}

function main() {
  $('filters').addEventListener('change', loadClaims);
  $('f-source').addEventListener('input', () => { clearTimeout(state.t); state.t = setTimeout(loadClaims, 250); });
  $('filters').addEventListener('reset', () => setTimeout(() => {
    for (const m of document.querySelectorAll('#map-chart .marker')) m.setAttribute('aria-pressed', 'false');
    loadClaims();
  }, 0));
  $('filters').addEventListener('submit', e => { e.preventDefault(); loadClaims(); });
  $('search').addEventListener('submit', e => { e.preventDefault(); const q = $('q').value.trim(); if (q) search(q); });
  $('results-close').addEventListener('click', () => { $('results').hidden = true; $('q').focus(); });
  $('stories-more').addEventListener('click', () => loadStories(true));
  $('a-since').addEventListener('change', loadAlerts);
  $('alerts-filter').addEventListener('submit', e => { e.preventDefault(); loadAlerts(); });
  state.visit = readSeen();
  countNewAlerts();
  for (const th of $('claims-table').querySelectorAll('th[data-key]')) {
    th.querySelector('button').addEventListener('click', () => sortBy(th.getAttribute('data-key')));
  }
  $('export-csv').addEventListener('click', () => download('csv'));
  $('export-json').addEventListener('click', () => download('json'));
  window.addEventListener('resize', () => { clearTimeout(state.fit); state.fit = setTimeout(fitChartText, 100); });
  window.addEventListener('hashchange', route);
  route();
}

main();
