import { DEFAULT_CHUNKER_SETTINGS } from '@tributary/chunking';
import { readCorpus } from '../ingest/corpus';
import { round } from '../ingest/stats';
import { benchDocuments } from './bench-corpus';
import type { BenchIndex } from './bench-index';

/**
 * At least `target` bench chunks in the chunks alias, refreshed, with no merge
 * running. Skips the load when an earlier run (--keep) left enough of them.
 */
export async function prepareIndex(
  index: BenchIndex,
  options: { corpus: string; target: number },
  log: (message: string) => void,
) {
  await index.ensure();
  const present = await index.count('bench');
  let loadSeconds = 0;
  if (present >= options.target) {
    log(`the index already holds ${present} bench chunks (target ${options.target}): load skipped`);
  } else {
    const corpus = await readCorpus(options.corpus, Infinity);
    const documents = benchDocuments(corpus, DEFAULT_CHUNKER_SETTINGS, options.target);
    log(`loading ${documents.length} documents (${options.corpus} repeated) as sources bench-scifact-*`);
    const started = performance.now();
    const written = await index.load(documents, (n) => log(`  ${n} chunks written`));
    await index.settle();
    loadSeconds = round((performance.now() - started) / 1000, 1);
    log(`loaded ${written} chunks in ${loadSeconds} s, until refreshed and no merge running`);
  }
  await index.settle();
  const chunks = await index.count('bench');
  const indexChunks = await index.count('all');
  log(`querying ${indexChunks} chunks, ${chunks} of them the bench's`);
  return { chunks, index_chunks: indexChunks, load_s: loadSeconds };
}
