// The dashboard: plain JavaScript, no build step, nothing fetched from anywhere but this service.
// It reads the job API, /stats and /workers, and follows GET /events (read with fetch rather
// than EventSource, so it can send the bearer token and Last-Event-ID itself).
'use strict';

const $ = (id) => document.getElementById(id);
const STATUSES = ['submitted', 'delayed', 'in_progress', 'complete', 'failed', 'cancelled'];
const CANCELLABLE = new Set(['submitted', 'delayed', 'in_progress']);
const RETRYABLE = new Set(['failed', 'cancelled']);
/** Kinds whose result also comes as a PNG chart (GET /jobs/{id}/results?format=png). */
const CHART_KINDS = new Set(['histogram', 'group_count', 'timeseries']);
const PAGE_SIZE = 20;

const state = {
  token: sessionStorage.getItem('jobs-token') || '',
  filter: '',
  cursors: [null],
  page: 0,
  nextCursor: null,
  selected: null,
  lastEventId: null,
  chartUrl: null,
  chartJob: null,
};

// ---- talking to the API -------------------------------------------------------------------

function withToken(headers) {
  const h = Object.assign({}, headers);
  if (state.token) h.Authorization = 'Bearer ' + state.token;
  return h;
}

async function api(method, path, body) {
  const options = { method, headers: withToken({ Accept: 'application/json' }), cache: 'no-store' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  if (response.status === 401) askForToken();
  if (!response.ok) {
    const err = new Error((data && data.detail) || response.status + ' ' + response.statusText);
    err.status = response.status;
    throw err;
  }
  return data;
}

function askForToken() {
  $('auth').open = true;
  $('token').focus();
}

// ---- small helpers ------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

function badge(status) {
  return el('span', { class: 'status ' + status, 'data-status': status }, status.replace('_', ' '));
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

function say(id, text, bad) {
  $(id).textContent = text;
  $(id).classList.toggle('bad', !!bad);
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

// ---- queue figures and chart --------------------------------------------------------------

async function loadStats() {
  try {
    const stats = await api('GET', '/stats');
    $('count-queue').textContent = stats.queue_depth;
    for (const s of STATUSES) $('count-' + s).textContent = stats.by_status[s];
    drawChart(stats.throughput);
  } catch (e) {
    // The live indicator and the next refresh say enough.
  }
}

function drawChart(throughput) {
  const svg = $('chart');
  const buckets = throughput.buckets;
  const width = 900;
  const height = 160;
  const barWidth = width / buckets.length;
  const peak = Math.max(1, ...buckets.map((b) => b.complete + b.failed));
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  const bar = (x, y, h, cls) => {
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', x + 1);
    r.setAttribute('y', y);
    r.setAttribute('width', Math.max(1, barWidth - 2));
    r.setAttribute('height', h);
    r.setAttribute('class', cls);
    svg.append(r);
  };
  let complete = 0;
  let failed = 0;
  buckets.forEach((b, i) => {
    complete += b.complete;
    failed += b.failed;
    const hc = (b.complete / peak) * (height - 16);
    const hf = (b.failed / peak) * (height - 16);
    bar(i * barWidth, height - hc, hc, 'bar-complete');
    bar(i * barWidth, height - hc - hf, hf, 'bar-failed');
  });
  $('chart-peak').textContent = 'peak ' + peak + ' per ' + throughput.bucket_seconds + ' s';
  $('chart-text').textContent = 'In the last 15 minutes: ' + complete + ' complete and ' + failed
    + ' failed; at most ' + peak + ' in one ' + throughput.bucket_seconds + '-second interval.';
}

// ---- workers ------------------------------------------------------------------------------

async function loadWorkers() {
  try {
    const { workers } = await api('GET', '/workers');
    const list = $('workers');
    list.replaceChildren();
    if (workers.length === 0) list.append(el('li', {}, 'No worker has registered yet.'));
    for (const w of workers) {
      const item = el('li', {}, el('strong', {}, w.id), ' ', w.alive ? '(alive) ' : '(gone) ');
      if (w.running.length === 0) item.append('idle');
      for (const job of w.running) {
        item.append('running ', jobLink(job.id), ' ' + (job.type || ''));
      }
      list.append(item);
    }
  } catch (e) {
    // as above
  }
}

function jobLink(id) {
  return el('button', { type: 'button', class: 'link', 'aria-label': 'Open job ' + id, onclick: () => openJob(id) },
    id.slice(0, 8));
}

// ---- jobs table ---------------------------------------------------------------------------

async function loadJobs() {
  const params = new URLSearchParams({ limit: PAGE_SIZE });
  if (state.filter) params.set('status', state.filter);
  const cursor = state.cursors[state.page];
  if (cursor) params.set('cursor', cursor);
  let page;
  try {
    page = await api('GET', '/jobs?' + params);
  } catch (e) {
    $('jobs-body').replaceChildren(el('tr', {}, el('td', { colspan: 5 }, 'Could not load jobs: ' + e.message)));
    return;
  }
  state.nextCursor = page.next_cursor;
  const rows = page.jobs.map((job) => el('tr', {
    'data-job-id': job.id, class: job.id === state.selected ? 'selected' : '',
  }, el('td', {}, jobLink(job.id)), el('td', {}, job.type), el('td', {}, badge(job.status)),
  el('td', { class: 'opt' }, when(job.created_at)), el('td', { class: 'opt' }, job.attempts)));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 5 }, 'No jobs.')));
  $('jobs-body').replaceChildren(...rows);
  $('newer').disabled = state.page === 0;
  $('older').disabled = !state.nextCursor;
  $('page-label').textContent = 'page ' + (state.page + 1);
}

// ---- one job ------------------------------------------------------------------------------

async function openJob(id, focus = true) {
  state.selected = id;
  let job;
  try {
    job = await api('GET', '/jobs/' + encodeURIComponent(id));
  } catch (e) {
    say('detail-msg', 'Could not load job ' + id + ': ' + e.message, true);
    return;
  }
  // Closed, or another job opened, while this one loaded: leave the panel as it is now.
  if (state.selected !== id) return;
  const detail = $('detail');
  if (detail.dataset.jobId !== job.id) say('detail-msg', '');
  detail.hidden = false;
  detail.dataset.jobId = job.id;
  detail.dataset.status = job.status;
  $('detail-h').textContent = 'Job ' + job.id;
  const fields = $('detail-fields');
  fields.replaceChildren();
  const field = (name, value) => fields.append(el('dt', {}, name), el('dd', {}, value));
  field('status', badge(job.status));
  field('type', job.type);
  field('range', JSON.stringify(job.start) + ' – ' + JSON.stringify(job.end));
  field('attempts', job.attempts + (job.max_attempts ? ' of ' + job.max_attempts : ''));
  if (job.worker) field('worker', job.worker);
  if (job.lease_expires_at) field('lease until', when(job.lease_expires_at));
  if (job.run_at) field('runs again at', when(job.run_at));
  $('detail-params').textContent = JSON.stringify(job.params, null, 2);
  renderTimeline(job);
  $('detail-error-box').hidden = !job.error;
  $('detail-error').textContent = job.error || '';
  $('cancel').disabled = !CANCELLABLE.has(job.status);
  $('retry').disabled = !RETRYABLE.has(job.status);
  await renderResult(job);
  document.querySelectorAll('#jobs-body tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.jobId === id));
  if (focus) detail.focus();
}

function renderTimeline(job) {
  const items = [['submitted', job.created_at]];
  (job.history || []).forEach((attempt, i) => {
    items.push(['attempt ' + (i + 1) + ' started' + (attempt.worker ? ' on ' + attempt.worker : ''), attempt.started_at]);
    if (attempt.finished_at) {
      items.push(['attempt ' + (i + 1) + ' ended' + (attempt.error ? ': ' + attempt.error : ''), attempt.finished_at]);
    }
  });
  if (!job.history || job.history.length === 0) {
    if (job.started_at) items.push(['started' + (job.worker ? ' on ' + job.worker : ''), job.started_at]);
  }
  if (job.finished_at) items.push([job.status, job.finished_at]);
  $('detail-timeline').replaceChildren(...items.map(([what, at]) =>
    el('li', {}, el('time', { datetime: at || '' }, when(at)), ' — ' + what)));
}

async function renderResult(job) {
  const box = $('detail-result-box');
  const img = $('detail-chart');
  if (job.status !== 'complete') {
    box.hidden = true;
    img.hidden = true;
    state.chartJob = null;
    return;
  }
  try {
    const result = await api('GET', '/jobs/' + encodeURIComponent(job.id) + '/results');
    $('detail-result').textContent = JSON.stringify(result, null, 2);
    box.hidden = false;
  } catch (e) {
    $('detail-result').textContent = 'Could not load the result: ' + e.message;
    box.hidden = false;
  }
  // A refresh of the job shown keeps its chart (a complete job's result does not change).
  if (state.chartJob === job.id && !img.hidden) return;
  img.hidden = true;
  state.chartJob = null;
  if (CHART_KINDS.has(job.type)) {
    // Fetched (not an <img src>) so that a configured token is sent with it.
    const response = await fetch('/jobs/' + encodeURIComponent(job.id) + '/results?format=png',
      { headers: withToken({ Accept: 'image/png' }) });
    if (response.ok && (response.headers.get('Content-Type') || '').startsWith('image/png')) {
      if (state.chartUrl) URL.revokeObjectURL(state.chartUrl);
      state.chartUrl = URL.createObjectURL(await response.blob());
      img.src = state.chartUrl;
      img.alt = 'Chart of the ' + job.type + ' result of job ' + job.id;
      img.hidden = state.selected !== job.id;
      state.chartJob = job.id;
    }
  }
}

async function act(action) {
  const id = state.selected;
  if (!id) return;
  try {
    const job = await api('POST', '/jobs/' + encodeURIComponent(id) + '/' + action);
    say('detail-msg', (action === 'cancel' ? 'Cancelled' : 'Queued again') + ': job is ' + job.status + '.');
  } catch (e) {
    say('detail-msg', 'Could not ' + action + ' the job: ' + e.message, true);
  }
  await openJob(id, false);
  refreshSoon();
}

// ---- submitting ---------------------------------------------------------------------------

function bound(text) {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

async function submitJob(event) {
  event.preventDefault();
  let params;
  try {
    params = JSON.parse($('f-params').value || '{}');
  } catch (e) {
    say('submit-msg', 'Params must be a JSON object: ' + e.message, true);
    $('f-params').focus();
    return;
  }
  const body = { type: $('f-type').value, start: bound($('f-start').value), end: bound($('f-end').value), params };
  try {
    const job = await api('POST', '/jobs', body);
    say('submit-msg', 'Submitted job ' + job.id + '.');
    refreshSoon();
    await openJob(job.id, false);
  } catch (e) {
    say('submit-msg', 'Not submitted: ' + e.message, true);
  }
}

async function loadTypes() {
  try {
    const index = await api('GET', '/');
    $('f-type').replaceChildren(...index.job_types.map((t) => el('option', { value: t }, t)));
    if (index.job_types.includes('summary')) $('f-type').value = 'summary';
  } catch (e) {
    $('f-type').replaceChildren(el('option', { value: 'summary' }, 'summary'));
  }
}

// ---- live updates -------------------------------------------------------------------------

const refreshSoon = debounce(() => {
  loadStats();
  loadJobs();
  loadWorkers();
  if (state.selected && !$('detail').hidden) openJob(state.selected, false);
}, 300);

function setLive(on, text) {
  $('live').textContent = text;
  $('live').classList.toggle('on', on);
  $('live').classList.toggle('off', !on);
}

function onEvent(event, data) {
  if (event === 'reset') {
    refreshSoon();
    return;
  }
  const change = JSON.parse(data);
  const row = document.querySelector('#jobs-body tr[data-job-id="' + CSS.escape(change.id) + '"]');
  if (row) row.children[2].replaceChildren(badge(change.status));
  if (state.selected === change.id) $('detail').dataset.status = change.status;
  refreshSoon();
}

/** Parses one SSE block ("field: value" lines) and hands it on. */
function onBlock(block) {
  let id = null;
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'id') id = value;
    else if (name === 'event') event = value;
    else if (name === 'data') data.push(value);
  }
  if (id) state.lastEventId = id;
  if (data.length > 0) onEvent(event, data.join('\n'));
}

async function follow() {
  for (;;) {
    try {
      const headers = withToken({ Accept: 'text/event-stream' });
      if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
      const response = await fetch('/events', { headers, cache: 'no-store' });
      if (response.status === 401) askForToken();
      if (!response.ok) throw new Error('HTTP ' + response.status);
      setLive(true, 'live');
      if (state.lastEventId) refreshSoon();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          onBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      // reconnects below
    }
    setLive(false, 'reconnecting…');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

// ---- wiring -------------------------------------------------------------------------------

function wire() {
  $('submit-form').addEventListener('submit', submitJob);
  $('status-filter').addEventListener('change', () => {
    state.filter = $('status-filter').value;
    state.cursors = [null];
    state.page = 0;
    loadJobs();
  });
  $('refresh').addEventListener('click', refreshSoon);
  $('older').addEventListener('click', () => {
    state.cursors[state.page + 1] = state.nextCursor;
    state.page++;
    loadJobs();
  });
  $('newer').addEventListener('click', () => {
    state.page = Math.max(0, state.page - 1);
    loadJobs();
  });
  $('cancel').addEventListener('click', () => act('cancel'));
  $('retry').addEventListener('click', () => act('retry'));
  $('close-detail').addEventListener('click', closeDetail);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('detail').hidden) closeDetail();
  });
  $('token').value = state.token;
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem('jobs-token', state.token);
    $('auth').open = false;
    refreshSoon();
  });
  $('token-clear').addEventListener('click', () => {
    state.token = '';
    $('token').value = '';
    sessionStorage.removeItem('jobs-token');
  });
}

function closeDetail() {
  const id = state.selected;
  state.selected = null;
  $('detail').hidden = true;
  document.querySelectorAll('#jobs-body tr.selected').forEach((tr) => tr.classList.remove('selected'));
  const back = id && document.querySelector('#jobs-body tr[data-job-id="' + CSS.escape(id) + '"] button');
  (back || $('jobs')).focus();
}

wire();
loadTypes();
loadStats();
loadWorkers();
loadJobs();
follow();
// The chart's time axis moves even when nothing happens.
setInterval(loadStats, 10000);
