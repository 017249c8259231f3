// The console page: polls /api/overview every 2 s and renders each section;
// actions post JSON to /api. DOM nodes are built with textContent only, so no
// value read from Kafka, Redis or Elasticsearch is ever parsed as HTML.
'use strict';

const POLL_MS = 2000;
const SVG = 'http://www.w3.org/2000/svg';
let lastOverview;
let activeIndexModel;

/** h('td', { 'data-testid': 'x' }, 'text', childNode): an element with attributes and children. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function table(headings, rows, attributes = {}) {
  return h(
    'table',
    attributes,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((heading) => h('th', {}, heading)),
      ),
    ),
    h('tbody', {}, rows),
  );
}

const empty = (text) => h('p', { class: 'empty' }, text);
/** A long list in a box of its own height, so one busy section does not push the others off the screen. */
const scroll = (label, content) => h('div', { class: 'scroll', 'aria-label': label }, content);
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
const number = (value) => (typeof value === 'number' ? value.toLocaleString() : '—');

function bytes(value) {
  if (typeof value !== 'number') return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function seconds(value) {
  if (typeof value !== 'number') return '—';
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(value < 10 ? 2 : 1)} s`;
}

function metrics(values) {
  if (!values) return '';
  return Object.entries(values)
    .map(([name, value]) => `${name} ${typeof value === 'number' ? Number(value.toFixed(4)) : value}`)
    .join(', ');
}

/** The total lag over time as an inline SVG line, scaled to its own maximum. */
function sparkline(trend) {
  const width = 160;
  const height = 28;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('data-testid', 'group-trend');
  svg.setAttribute('data-samples', String(trend.length));
  const title = document.createElementNS(SVG, 'title');
  title.textContent = trend.length
    ? `lag ${trend.map((point) => point.lag).join(' → ')} (${trend.length} samples)`
    : 'no samples yet';
  svg.append(title);
  if (trend.length === 0) return svg;
  const max = Math.max(1, ...trend.map((point) => point.lag));
  const step = trend.length > 1 ? (width - 2) / (trend.length - 1) : 0;
  const points = trend
    .map(
      (point, i) =>
        `${(1 + i * step).toFixed(1)},${(height - 2 - (point.lag / max) * (height - 4)).toFixed(1)}`,
    )
    .join(' ');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', trend.length > 1 ? points : `${points} ${width - 1},${points.split(',')[1]}`);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '1.5');
  svg.append(line);
  return svg;
}

// ---- sections ----

function renderTopics(topics) {
  if (topics.length === 0) return empty('No topic exists yet.');
  return table(
    ['Topic', 'Messages', 'Partitions (leader, replicas, earliest → end)'],
    topics.map((topic) =>
      h(
        'tr',
        { 'data-testid': 'topic-row', 'data-topic': topic.name },
        h('td', {}, topic.name),
        h('td', { class: 'num', 'data-testid': 'topic-messages' }, number(topic.messages)),
        h(
          'td',
          { class: 'partitions' },
          topic.partitions.map((p) =>
            h(
              'span',
              { class: 'chip' },
              `p${p.partition}: leader ${p.leader}, ×${p.replicas}, ${p.earliest} → ${p.end}`,
            ),
          ),
        ),
      ),
    ),
  );
}

function renderGroups(groups) {
  if (groups.length === 0) return empty('No consumer group reads these topics.');
  return scroll(
    `${groups.length} groups`,
    table(
      ['Group', 'Topic', 'State', 'Members', 'Lag', 'Per partition', 'Trend'],
      groups.map((group) =>
        h(
          'tr',
          { 'data-testid': 'group-row', 'data-group': group.group, 'data-topic': group.topic },
          h('td', {}, group.group),
          h('td', {}, group.topic),
          h('td', {}, group.state),
          h('td', { class: 'num' }, number(group.members)),
          h(
            'td',
            { class: group.lag > 0 ? 'num warn' : 'num', 'data-testid': 'group-lag' },
            number(group.lag),
          ),
          h(
            'td',
            { class: 'partitions' },
            group.partitions.map((p) =>
              h(
                'span',
                { class: 'chip', 'data-testid': 'partition-lag', 'data-partition': p.partition },
                `p${p.partition}: ${p.lag} (${p.committed < 0 ? 'no commit' : p.committed} / ${p.end})`,
              ),
            ),
          ),
          h('td', {}, sparkline(group.trend || [])),
        ),
      ),
    ),
  );
}

function renderDeadLetters(deadLetters) {
  const header = h(
    'div',
    { class: 'toolbar' },
    h(
      'span',
      {},
      'Pending: ',
      h('strong', { 'data-testid': 'dead-letters-pending' }, number(deadLetters.pending)),
    ),
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'dead-letters-redrive-all',
        disabled: deadLetters.pending === 0,
        onclick: redriveAll,
      },
      'Redrive all',
    ),
  );
  if (deadLetters.letters.length === 0) return h('div', {}, header, empty('No pending dead letter.'));
  return h(
    'div',
    {},
    header,
    table(
      ['Position', 'Failed at', 'Document', 'Attempts', 'Error', ''],
      deadLetters.letters.map((letter) =>
        h(
          'tr',
          { 'data-testid': 'dead-letter-row', 'data-position': letter.position },
          h('td', {}, letter.position),
          h('td', {}, when(letter.failedAt)),
          h('td', {}, letter.source ? `${letter.source}:${letter.docId ?? ''}` : '—'),
          h('td', { class: 'num' }, number(letter.attempts)),
          h('td', { class: 'error-text', 'data-testid': 'dead-letter-error' }, letter.error),
          h(
            'td',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'dead-letter-inspect',
                onclick: () => inspect(letter.position),
              },
              'Inspect',
            ),
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'dead-letter-redrive',
                onclick: () => redrive(letter.position),
              },
              'Redrive',
            ),
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'dead-letter-discard',
                onclick: () => openDiscard(letter.position),
              },
              'Discard',
            ),
          ),
        ),
      ),
    ),
  );
}

function renderQueues(queues) {
  if (queues.length === 0) return empty('No queue.');
  const states = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused'];
  return h(
    'div',
    {},
    queues.map((queue) =>
      h(
        'div',
        { class: 'queue', 'data-testid': 'queue-row', 'data-queue': queue.name },
        h('h3', {}, queue.name, queue.paused ? h('span', { class: 'warn' }, ' (paused)') : ''),
        h(
          'dl',
          { class: 'facts' },
          states.map((state) => [
            h('dt', {}, state),
            h(
              'dd',
              {
                class: state === 'failed' && queue.counts[state] ? 'warn' : '',
                'data-testid': `queue-${state}`,
              },
              number(queue.counts[state]),
            ),
          ]),
        ),
      ),
    ),
    h('p', {}, h('a', { href: '/queues' }, 'Jobs, retry and remove in bull-board →')),
  );
}

function progress(run) {
  return `seen ${run.seen}, changed ${run.changed}, deleted ${run.deleted}, failed ${run.failed}`;
}

function renderConnectors(connectors) {
  if (connectors.length === 0) return empty('No connector is registered.');
  return scroll(
    `${connectors.length} connectors`,
    table(
      ['Source', 'Kind', 'Tenant', 'Schedule', 'Current run', 'Last run', 'Cursor', 'Next run', ''],
      connectors.map((connector) =>
        h(
          'tr',
          { 'data-testid': 'connector-row', 'data-source': connector.source },
          h('td', {}, connector.source),
          h('td', {}, connector.kind),
          h('td', {}, connector.tenant),
          h(
            'td',
            {},
            connector.schedule,
            connector.runningOn ? h('div', { class: 'muted' }, `on ${connector.runningOn}`) : '',
          ),
          h(
            'td',
            {},
            connector.currentRun
              ? [
                  h('div', { class: 'nowrap' }, `since ${when(connector.currentRun.startedAt)}`),
                  progress(connector.currentRun),
                ]
              : '—',
          ),
          h(
            'td',
            { class: connector.lastRun?.error ? 'warn' : '' },
            connector.lastRun
              ? [
                  h('div', { class: 'nowrap' }, when(connector.lastRun.finishedAt)),
                  progress(connector.lastRun),
                  connector.lastRun.error ? h('div', { class: 'error-text' }, connector.lastRun.error) : '',
                ]
              : '—',
          ),
          h('td', { class: 'num' }, `${number(connector.checkpoints)} checkpoints`),
          h('td', {}, when(connector.nextRunAt)),
          h(
            'td',
            {},
            connector.runRequestedAt
              ? h('span', { class: 'muted' }, `requested ${when(connector.runRequestedAt)}`)
              : h(
                  'button',
                  {
                    type: 'button',
                    'data-testid': 'connector-run',
                    onclick: () => runConnector(connector.source),
                  },
                  'Run now',
                ),
          ),
        ),
      ),
    ),
  );
}

function renderIndex(index) {
  const active = index.targets.find((target) => target.role === 'active') || index.targets[0];
  activeIndexModel = active?.model;
  const chunks = index.targets.reduce((sum, target) => sum + target.chunks, 0);
  const bytesTotal = index.targets.reduce((sum, target) => sum + target.bytes, 0);
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Alias'),
      h('dd', { 'data-testid': 'index-alias' }, index.alias),
      h('dt', {}, 'Documents'),
      h('dd', { 'data-testid': 'index-documents' }, number(index.documents)),
      h('dt', {}, 'Chunks'),
      h('dd', {}, number(chunks)),
      h('dt', {}, 'Size'),
      h('dd', {}, bytes(bytesTotal)),
      h('dt', {}, 'Model'),
      h('dd', {}, active ? `${active.model} (${active.dimensions} dims)` : '—'),
      h('dt', {}, 'Live adapter'),
      h(
        'dd',
        { 'data-testid': 'index-adapter' },
        index.adapter
          ? `${index.adapter.modelId}, promoted ${when(index.adapter.promotedAt)} by ${index.adapter.promotedBy}`
          : 'none (base model)',
      ),
    ),
    table(
      ['Role', 'Index', 'Model', 'Chunks', 'Size'],
      index.targets.map((target) =>
        h(
          'tr',
          { 'data-testid': 'index-target' },
          h('td', {}, target.role),
          h('td', {}, target.index),
          h('td', {}, target.model),
          h('td', { class: 'num' }, number(target.chunks)),
          h('td', { class: 'num' }, bytes(target.bytes)),
        ),
      ),
    ),
  );
}

function renderFreshness(freshness) {
  return h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'p50'),
    h('dd', { 'data-testid': 'freshness-p50' }, seconds(freshness.p50Seconds)),
    h('dt', {}, 'p99'),
    h('dd', { 'data-testid': 'freshness-p99' }, seconds(freshness.p99Seconds)),
    h('dt', {}, 'Samples'),
    h(
      'dd',
      {},
      `${number(freshness.samples)} changes in the last ${Math.round(freshness.windowSeconds / 60)} min`,
    ),
  );
}

function renderFinetune(finetune) {
  const plans = finetune.plans.length
    ? table(
        ['Plan', 'Trainer', 'Schedule', 'Paused'],
        finetune.plans.map((plan) =>
          h(
            'tr',
            { 'data-testid': 'plan-row' },
            h('td', {}, plan.name),
            h('td', {}, plan.trainer),
            h('td', {}, plan.schedule),
            h('td', {}, plan.paused ? 'yes' : 'no'),
          ),
        ),
      )
    : empty('No plan.');
  const runs = finetune.runs.length
    ? table(
        ['Run', 'Plan', 'Created', 'Status', 'Stages'],
        finetune.runs.map((run) =>
          h(
            'tr',
            { 'data-testid': 'run-row' },
            h('td', {}, run.runId),
            h('td', {}, run.plan),
            h('td', {}, when(run.createdAt)),
            h(
              'td',
              {},
              run.status,
              run.outcome ? ` (${run.outcome})` : '',
              run.reason ? h('div', { class: 'muted' }, run.reason) : '',
            ),
            h(
              'td',
              { class: 'partitions' },
              Object.entries(run.stages).map(([stage, result]) =>
                h(
                  'span',
                  { class: 'chip', title: metrics(result.metrics) },
                  `${stage}: ${result.status}`,
                  result.metrics ? ` · ${metrics(result.metrics)}` : '',
                ),
              ),
            ),
          ),
        ),
      )
    : empty('No run yet.');
  const models = finetune.models.length
    ? table(
        ['Model', 'Plan', 'Created', 'Metrics', ''],
        finetune.models.map((model) =>
          h(
            'tr',
            { 'data-testid': 'model-row', 'data-model': model.id },
            h('td', {}, model.id, model.active ? h('strong', { class: 'live' }, ' live') : ''),
            h('td', {}, model.plan),
            h('td', {}, when(model.createdAt)),
            h('td', {}, metrics(model.metrics)),
            h(
              'td',
              {},
              model.active
                ? ''
                : h(
                    'button',
                    { type: 'button', 'data-testid': 'model-promote', onclick: () => promote(model.id) },
                    'Promote',
                  ),
            ),
          ),
        ),
      )
    : empty('No model version.');
  const rollback = activeIndexModel
    ? h(
        'button',
        { type: 'button', 'data-testid': 'model-rollback', onclick: () => rollbackAdapter(activeIndexModel) },
        `Roll back the adapter of ${activeIndexModel}`,
      )
    : '';
  return h(
    'div',
    {},
    h('h3', {}, 'Plans'),
    plans,
    h('h3', {}, 'Recent runs'),
    runs,
    h('h3', {}, 'Models'),
    models,
    rollback,
  );
}

const RENDERERS = {
  // The index first: fine-tuning's rollback names the index's live model.
  index: renderIndex,
  consumerGroups: renderGroups,
  deadLetters: renderDeadLetters,
  topics: renderTopics,
  connectors: renderConnectors,
  queues: renderQueues,
  freshness: renderFreshness,
  finetune: renderFinetune,
};

function render(overview) {
  lastOverview = overview;
  for (const [name, renderSection] of Object.entries(RENDERERS)) {
    const body = document.querySelector(`[data-testid="section-${name}"] .body`);
    const section = overview[name];
    if (!section) continue;
    body.replaceChildren(
      section.ok
        ? renderSection(section.value)
        : h(
            'p',
            { class: 'section-error', 'data-testid': `${name}-error`, role: 'alert' },
            `Could not read: ${section.error}`,
          ),
    );
  }
  setStatus(`updated ${new Date(overview.generatedAt).toLocaleTimeString()}`);
}

// ---- actions ----

function setStatus(text, failed = false) {
  const status = document.querySelector('[data-testid="status"]');
  status.textContent = text;
  status.classList.toggle('failed', failed);
}

function flash(text, failed = false) {
  const element = document.querySelector('[data-testid="flash"]');
  element.textContent = text;
  element.classList.toggle('failed', failed);
  element.hidden = false;
}

/** A JSON call to the console's API; a lost session goes back to the login form. */
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  if (response.status === 401) {
    window.location.assign('/login');
    throw new Error('the session ended; log in again');
  }
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(parsed?.detail || `${method} ${path} answered ${response.status}`);
  return parsed;
}

async function act(description, work) {
  try {
    const result = await work();
    flash(typeof result === 'string' ? result : `${description}: done`);
    await poll();
    return result;
  } catch (error) {
    flash(`${description}: ${error.message}`, true);
    return undefined;
  }
}

const position = (value) => encodeURIComponent(value);

async function inspect(at) {
  const panel = document.querySelector('[data-testid="dead-letter-detail"]');
  try {
    const letter = await api('GET', `/api/dead-letters/${position(at)}`);
    panel.replaceChildren(
      h(
        'h3',
        {},
        `Dead letter ${letter.position}`,
        h('button', { type: 'button', class: 'close', onclick: () => (panel.hidden = true) }, 'Close'),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'From'),
        h(
          'dd',
          {},
          `${letter.originalTopic} partition ${letter.originalPartition}, offset ${letter.originalOffset}`,
        ),
        h('dt', {}, 'Error'),
        h('dd', { class: 'error-text' }, letter.error),
        h('dt', {}, 'Key'),
        h('dd', { 'data-testid': 'detail-key' }, letter.key ?? '(none)'),
      ),
      h('h4', {}, 'Headers'),
      table(
        ['Header', 'Value'],
        Object.entries(letter.headers).map(([name, value]) =>
          h('tr', {}, h('td', {}, name), h('td', {}, value)),
        ),
        { 'data-testid': 'detail-headers' },
      ),
      h('h4', {}, 'Value'),
      h('pre', { 'data-testid': 'detail-value' }, prettyJson(letter.value)),
    );
    panel.hidden = false;
  } catch (error) {
    flash(`inspect ${at}: ${error.message}`, true);
  }
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const redrive = (at) => act(`redrive ${at}`, () => api('POST', `/api/dead-letters/${position(at)}/redrive`));

function redriveAll() {
  const pending = lastOverview?.deadLetters?.ok ? lastOverview.deadLetters.value.pending : 'all';
  if (!window.confirm(`Redrive ${pending} pending dead letters to their original topics?`)) return;
  void act('redrive all', async () => {
    const { redriven } = await api('POST', '/api/dead-letters/redrive-all');
    return `${redriven} dead letters redriven`;
  });
}

function openDiscard(at) {
  const panel = document.querySelector('[data-testid="discard-panel"]');
  panel.dataset.position = at;
  panel.querySelector('[data-testid="discard-position"]').textContent = at;
  panel.querySelector('[data-testid="discard-reason"]').value = '';
  panel.hidden = false;
  panel.querySelector('[data-testid="discard-reason"]').focus();
}

async function confirmDiscard() {
  const panel = document.querySelector('[data-testid="discard-panel"]');
  const reason = panel.querySelector('[data-testid="discard-reason"]').value.trim();
  if (!reason) {
    flash('a discard needs a reason', true);
    return;
  }
  const at = panel.dataset.position;
  panel.hidden = true;
  await act(`discard ${at}`, () => api('POST', `/api/dead-letters/${position(at)}/discard`, { reason }));
}

const runConnector = (source) =>
  act(`run ${source} now`, () => api('POST', `/api/connectors/${encodeURIComponent(source)}/run`));

function promote(id) {
  if (!window.confirm(`Make ${id} the live model?`)) return;
  void act(`promote ${id}`, () => api('POST', `/api/models/${encodeURIComponent(id)}/promote`));
}

function rollbackAdapter(baseModel) {
  if (!window.confirm(`Roll the query adapter of ${baseModel} back to its previous version?`)) return;
  void act(`roll back ${baseModel}`, () =>
    api('POST', '/api/models/rollback', { kind: 'query-adapter', baseModel }),
  );
}

async function poll() {
  try {
    render(await api('GET', '/api/overview'));
  } catch (error) {
    setStatus(`not updated: ${error.message}`, true);
  }
}

document
  .querySelector('[data-testid="discard-confirm"]')
  .addEventListener('click', () => void confirmDiscard());
document.querySelector('[data-testid="discard-cancel"]').addEventListener('click', () => {
  document.querySelector('[data-testid="discard-panel"]').hidden = true;
});
document.getElementById('logout').addEventListener('click', async () => {
  await fetch('/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  window.location.assign('/login');
});

// One poll at a time: a slow overview delays the next instead of piling up.
async function loop() {
  await poll();
  setTimeout(loop, POLL_MS);
}
void loop();
