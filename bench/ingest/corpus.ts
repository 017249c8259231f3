import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface CorpusDocument {
  id: string;
  title: string;
  text: string;
}

/** The first `limit` documents of a BEIR corpus.jsonl ({_id, title, text} per line). */
export async function readCorpus(path: string, limit: number): Promise<CorpusDocument[]> {
  const documents: CorpusDocument[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { _id, title, text } = JSON.parse(line) as { _id: string; title: string; text: string };
    documents.push({ id: _id, title, text });
    if (documents.length >= limit) break;
  }
  lines.close();
  return documents;
}

/** Writes each document as `<id>.md` with its title as the heading: what the filesystem connector reads. */
export async function writeAsMarkdown(documents: readonly CorpusDocument[], folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await Promise.all(documents.map((doc) => writeFile(join(folder, `${doc.id}.md`), markdownOf(doc))));
}

export const markdownOf = (doc: CorpusDocument) => `# ${doc.title}\n\n${doc.text}\n`;
