// What an operator can do from the page: each action is a JSON call to /api, its outcome flashed, then the page refreshed.
import { flash, h, table } from './dom.js';

let refresh = async () => {};

/** What runs after every action that succeeded (the console polls the overview again). */
export function afterEachAction(work) {
  refresh = work;
}

/** A JSON call to the console's API; a lost session goes back to the login form. */
export async function api(method, path, body) {
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
    await refresh();
    return result;
  } catch (error) {
    flash(`${description}: ${error.message}`, true);
    return undefined;
  }
}

const position = (value) => encodeURIComponent(value);

export async function inspect(at) {
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

export const redrive = (at) =>
  act(`redrive ${at}`, () => api('POST', `/api/dead-letters/${position(at)}/redrive`));

export function redriveAll(pending) {
  if (!window.confirm(`Redrive ${pending} pending dead letters to their original topics?`)) return;
  void act('redrive all', async () => {
    const { redriven } = await api('POST', '/api/dead-letters/redrive-all');
    return `${redriven} dead letters redriven`;
  });
}

export function openDiscard(at) {
  const panel = document.querySelector('[data-testid="discard-panel"]');
  panel.dataset.position = at;
  panel.querySelector('[data-testid="discard-position"]').textContent = at;
  panel.querySelector('[data-testid="discard-reason"]').value = '';
  panel.hidden = false;
  panel.querySelector('[data-testid="discard-reason"]').focus();
}

export async function confirmDiscard() {
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

export const runConnector = (source) =>
  act(`run ${source} now`, () => api('POST', `/api/connectors/${encodeURIComponent(source)}/run`));

export function promote(id) {
  if (!window.confirm(`Make ${id} the live model?`)) return;
  void act(`promote ${id}`, () => api('POST', `/api/models/${encodeURIComponent(id)}/promote`));
}

export function rollbackAdapter(baseModel) {
  if (!window.confirm(`Roll the query adapter of ${baseModel} back to its previous version?`)) return;
  void act(`roll back ${baseModel}`, () =>
    api('POST', '/api/models/rollback', { kind: 'query-adapter', baseModel }),
  );
}
