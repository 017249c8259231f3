// The index, freshness and fine-tuning sections. Fine-tuning's rollback names the index's live model,
// so the index section is rendered first and leaves that model here.
import { promote, rollbackAdapter } from './actions.js';
import { bytes, empty, h, metrics, number, seconds, table, when } from './dom.js';

let activeIndexModel;

export function renderIndex(index) {
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

export function renderFreshness(freshness) {
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

export function renderFinetune(finetune) {
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
