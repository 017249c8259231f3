// The console page: polls /api/overview every 2 s and renders each section (the *-sections.js
// modules); actions post JSON to /api (actions.js). DOM nodes are built with textContent only
// (dom.js), so no value read from Kafka, Redis or Elasticsearch is ever parsed as HTML.
import { afterEachAction, api, confirmDiscard } from './actions.js';
import { h, setStatus } from './dom.js';
import { renderDeadLetters, renderGroups, renderTopics } from './kafka-sections.js';
import { renderConnectors, renderQueues } from './jobs-sections.js';
import { renderFinetune, renderFreshness, renderIndex } from './model-sections.js';

const POLL_MS = 2000;

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

afterEachAction(poll);

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
