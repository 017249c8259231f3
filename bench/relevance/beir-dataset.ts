// A BEIR-format data set: corpus.jsonl, queries.jsonl and qrels/<split>.tsv.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Judgments } from '@tributary/finetune-util';
import { readCorpus, type CorpusDocument } from '../ingest/corpus';

export interface BeirQuery {
  id: string;
  text: string;
}

export interface BeirDataset {
  /** The directory's name, lowercased: what the report and the bench's source names call it. */
  name: string;
  corpus: CorpusDocument[];
  /** The split's judged queries, in queries.jsonl order. */
  queries: BeirQuery[];
  qrels: Map<string, Judgments>;
}

async function* lines(path: string): AsyncGenerator<string> {
  const reader = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of reader) if (line.trim()) yield line;
}

/** qrels/<split>.tsv: `query-id corpus-id score`, tab-separated, after a header line. */
export async function readQrels(path: string): Promise<Map<string, Judgments>> {
  const qrels = new Map<string, Map<string, number>>();
  let header = true;
  for await (const line of lines(path)) {
    const [query, doc, score] = line.split('\t');
    if (header) {
      header = false;
      if (query === 'query-id') continue;
    }
    if (query === undefined || doc === undefined || score === undefined || !Number.isFinite(Number(score)))
      throw new Error(`${path}: not a "query-id corpus-id score" line: ${JSON.stringify(line)}`);
    let judgments = qrels.get(query);
    if (!judgments) qrels.set(query, (judgments = new Map()));
    judgments.set(doc, Number(score));
  }
  return qrels;
}

export async function readDataset(dir: string, split: string): Promise<BeirDataset> {
  const qrelsPath = join(dir, 'qrels', `${split}.tsv`);
  await access(qrelsPath).catch(() => {
    throw new Error(`${dir} has no ${split} split (${qrelsPath})`);
  });
  const qrels = await readQrels(qrelsPath);
  const queries: BeirQuery[] = [];
  for await (const line of lines(join(dir, 'queries.jsonl'))) {
    const { _id, text } = JSON.parse(line) as { _id: string; text: string };
    if (qrels.has(_id)) queries.push({ id: _id, text });
  }
  const found = new Set(queries.map((query) => query.id));
  const missing = [...qrels.keys()].filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new Error(`queries.jsonl lacks judged queries ${missing.slice(0, 5).join(', ')}…`);
  return {
    name: basename(dir).toLowerCase(),
    corpus: await readCorpus(join(dir, 'corpus.jsonl'), Infinity),
    queries,
    qrels,
  };
}
