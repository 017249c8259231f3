import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface Pending {
  token: string;
  changedAt: number;
}

export interface FreshnessResult {
  latenciesMs: number[];
  changes: number;
  superseded: number;
}

const MAX_TOKENS_PER_QUERY = 100;

/**
 * Changes `files` documents round-robin at `rate` per second for `seconds`,
 * each change writing a unique token, and measures for each change the time
 * until a BM25 search through the gateway finds its token: source change to
 * searchable, connector polling included. A token whose file was changed
 * again before it was found is counted as superseded, not as a latency.
 */
export async function measureFreshness(options: {
  folder: string;
  fileNames: readonly string[];
  gatewayUrl: string;
  apiKey: string;
  source: string;
  rate: number;
  seconds: number;
}): Promise<FreshnessResult> {
  const { folder, fileNames, gatewayUrl, apiKey, source, rate, seconds } = options;
  const pending = new Map<string, Pending>();
  const latest = new Map<string, string>(); // file -> its newest token
  const latenciesMs: number[] = [];
  let superseded = 0;
  let changes = 0;
  let writing = true;

  const poller = (async () => {
    while (writing || pending.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const oldest = [...pending.values()].slice(0, MAX_TOKENS_PER_QUERY);
      if (oldest.length === 0) continue;
      const response = await fetch(`${gatewayUrl}/v1/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          query: oldest.map((p) => p.token).join(' '),
          mode: 'bm25',
          topK: 100,
          filter: { source },
        }),
      });
      const now = performance.now();
      const body = (await response.json()) as { hits?: Array<{ chunks?: Array<{ text: string }> }> };
      const text = (body.hits ?? [])
        .flatMap((hit) => hit.chunks ?? [])
        .map((c) => c.text)
        .join(' ');
      for (const item of oldest) {
        if (text.includes(item.token)) {
          latenciesMs.push(now - item.changedAt);
          pending.delete(item.token);
        } else if (now - item.changedAt > 30_000) {
          throw new Error(`change ${item.token} not searchable after 30 s`);
        }
      }
    }
  })();

  const interval = 1000 / rate;
  const started = performance.now();
  for (let n = 0; performance.now() - started < seconds * 1000; n++) {
    const due = started + n * interval;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const file = fileNames[n % fileNames.length]!;
    const token = `fresh${n}x${Math.floor(started)}`;
    const previous = latest.get(file);
    if (previous && pending.delete(previous)) superseded++;
    const path = join(folder, file);
    await writeFile(path, `# ${file}\n\nChange ${token} of this document.\n`);
    const at = new Date();
    await utimes(path, at, at);
    pending.set(token, { token, changedAt: performance.now() });
    latest.set(file, token);
    changes++;
  }
  writing = false;
  await poller;
  return { latenciesMs, changes, superseded };
}
