// `npm run bench:relevance`: a BEIR data set through the real ingest path into
// an index of the bench's own, its judged queries through the gateway in each
// mode, nDCG@10 and Recall@100 as trec_eval computes them, and the embedding
// provider's throughput against a bare ONNX Runtime session. Ends with one
// line of key=value figures.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fusionV1Schema, searchModes, type FusionV1, type SearchMode } from '@tributary/contracts';
import { elasticsearchSettings, loadConfig } from '@tributary/config';
import { embeddingSettings, type EmbeddingSettings } from '@tributary/embeddings';
import { resolveFusion } from '@tributary/search';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { readDataset } from './beir-dataset';
import { embedderSettings, ingestDataset } from './dataset-ingest';
import { measureEmbedding } from './embedding-throughput';
import { rankInModes } from './gateway-rankings';
import { RelevanceIndex, type SourceContents } from './relevance-index';
import { finalLine, reportTable, scoreModes } from './relevance-report';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: resolve(__dirname, '../../../shared/data/scifact') },
    split: { type: 'string', default: 'test' },
    model: { type: 'string' },
    'model-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'queries-only': { type: 'boolean', default: false },
    modes: { type: 'string', default: 'bm25,vector,hybrid' },
    // Hybrid's fusion as the API takes it, e.g. '{"method":"linear","normalization":"zscore"}'; default: the product's.
    fusion: { type: 'string' },
    // A real model on two cores embeds a few chunks a second: the whole corpus would take hours, twice.
    'embed-docs': { type: 'string', default: '200' },
    // For runs that only compare rankings (tuning): no throughput measurement.
    'skip-embedding': { type: 'boolean', default: false },
  },
});
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const PORTS = { embedder: 3146, gateway: 3147 };

// The bench's processes and this one read the same settings: the flags set them for all.
if (values.model) process.env['EMBEDDING_MODEL'] = values.model;
if (values['model-dir']) process.env['EMBEDDING_MODELS_DIR'] = resolve(values['model-dir']);

/** Every k-th document, so the sample has the corpus's mix of lengths; 0 takes them all. */
function evenSample<T>(items: readonly T[], wanted: string): T[] {
  const count = Number(wanted);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--embed-docs takes a count, not "${wanted}"`);
  if (count === 0 || count >= items.length) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]).filter(
    (item) => item !== undefined,
  );
}

/** The --fusion flag, with what it leaves out filled in as the gateway would; the product default without it. */
function parseFusion(json: string | undefined): FusionV1 {
  if (json === undefined) return resolveFusion(undefined, undefined);
  const parsed = fusionV1Schema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`--fusion is not a fusion the API takes: ${parsed.error.message}`);
  return resolveFusion(parsed.data, undefined);
}

/** The provider against a bare ONNX Runtime session on the chunk texts of an even sample of documents. */
async function measure(
  byDocument: Awaited<ReturnType<RelevanceIndex['embeddingInputsByDocument']>>,
  model: string,
  settings: EmbeddingSettings,
  batchSize: number,
) {
  const sample = evenSample(byDocument, values['embed-docs']);
  log(
    `embedding the chunk texts of ${sample.length} documents again, the provider and a bare ONNX session in turn`,
  );
  // At least four slices, so the alternating order evens out whatever warms up or slows down.
  const documentsPerSlice = Math.min(batchSize, Math.ceil(sample.length / 4));
  return measureEmbedding(model, settings, sample, documentsPerSlice);
}

function parseModes(list: string): SearchMode[] {
  const modes = list.split(',').map((mode) => mode.trim());
  const unknown = modes.filter((mode) => !(searchModes as readonly string[]).includes(mode));
  if (unknown.length > 0 || modes.length === 0)
    throw new Error(`--modes takes ${searchModes.join(', ')}, not "${list}"`);
  return modes as SearchMode[];
}

/** The index must hold the whole corpus, each chunk embedded and cut as this run asked. */
function check(contents: SourceContents, expected: { documents: number; model?: string; chunker?: string }) {
  const problems = [
    contents.documents !== expected.documents &&
      `holds ${contents.documents} of the corpus's ${expected.documents} documents`,
    contents.models.length !== 1 && `holds chunks of models ${contents.models.join(', ')}`,
    contents.chunkers.length !== 1 && `holds chunks cut by ${contents.chunkers.join(', ')}`,
    expected.model &&
      contents.models[0] !== expected.model &&
      `holds ${contents.models[0]}, not ${expected.model}`,
    expected.chunker &&
      contents.chunkers[0] !== expected.chunker &&
      `holds chunks cut by ${contents.chunkers[0]}, not ${expected.chunker}`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) throw new Error(`the bench's index ${problems.join('; ')}`);
  return { model: contents.models[0] ?? '', chunker: contents.chunkers[0] ?? '' };
}

async function main(): Promise<void> {
  const settings = loadConfig(
    'bench:relevance',
    z.object({ ...elasticsearchSettings, ...embeddingSettings }),
  );
  const modes = parseModes(values.modes);
  const embedder = embedderSettings();
  const dataset = await readDataset(values.dataset, values.split);
  log(
    `${dataset.name}: ${dataset.corpus.length} documents, ${dataset.queries.length} judged ${values.split} queries`,
  );
  const es = createElasticsearchClient({
    url: settings.ELASTICSEARCH_URL,
    apiKey: settings.ELASTICSEARCH_API_KEY,
  });
  let index: RelevanceIndex | undefined;
  try {
    let ingestDocsPerSecond: number | undefined;
    if (values['queries-only']) {
      index = await RelevanceIndex.newest(es, dataset.name);
      if (!index) throw new Error(`no index kept for ${dataset.name}: run once with --keep first`);
      log(`querying the kept index ${index.alias}`);
    } else {
      index = RelevanceIndex.create(es, dataset.name);
      log(`ingesting into ${index.alias}: model ${settings.EMBEDDING_MODEL}, chunker ${embedder.chunker}`);
      ingestDocsPerSecond = await ingestDataset(index, dataset.corpus, {
        embedderPort: PORTS.embedder,
        env: { ...index.env, EMBEDDING_MODEL: settings.EMBEDDING_MODEL },
        log,
      });
      log(`ingested: ${ingestDocsPerSecond.toFixed(1)} documents/s until all were searchable`);
    }
    const contents = await index.describe();
    const { model, chunker } = check(contents, {
      documents: dataset.corpus.length,
      ...(values['queries-only'] ? {} : { model: settings.EMBEDDING_MODEL, chunker: embedder.chunker }),
    });
    log(`the index holds ${contents.documents} documents in ${contents.chunks} chunks`);
    const fusion = parseFusion(values.fusion);
    const runs = await rankInModes(
      {
        port: PORTS.gateway,
        env: { ...index.env, EMBEDDING_MODEL: model },
        source: index.source,
        modes,
        fusion,
      },
      dataset.queries,
      log,
    );
    const embedding = values['skip-embedding']
      ? undefined
      : await measure(await index.embeddingInputsByDocument(), model, settings, embedder.batchSize);
    const figures = {
      fusion: JSON.stringify(fusion),
      dataset: dataset.name,
      split: values.split,
      model,
      chunker,
      scores: scoreModes(runs, dataset.qrels),
      embedding,
      ...(ingestDocsPerSecond === undefined ? {} : { ingestDocsPerSecond }),
    };
    for (const line of reportTable(figures)) log(line);
    process.stdout.write(`${finalLine(figures)}\n`);
  } finally {
    // A --queries-only run never removes the kept index it read.
    if (index && !values.keep && !values['queries-only'])
      log(`removed ${(await index.remove()).join(', ')} (--keep keeps them)`);
    await es.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:relevance failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
