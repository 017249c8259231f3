// The sections for work in progress: BullMQ queues and the connectors with their runs.
import { runConnector } from './actions.js';
import { empty, h, number, scroll, table, when } from './dom.js';

export function renderQueues(queues) {
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

export function renderConnectors(connectors) {
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
