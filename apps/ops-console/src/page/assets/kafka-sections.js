// The Kafka sections: topics and partitions, consumer groups with their lag and trend, the dead letters.
import { inspect, openDiscard, redrive, redriveAll } from './actions.js';
import { empty, h, number, scroll, sparkline, table, when } from './dom.js';

export function renderTopics(topics) {
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

export function renderGroups(groups) {
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

export function renderDeadLetters(deadLetters) {
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
        onclick: () => redriveAll(deadLetters.pending),
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
