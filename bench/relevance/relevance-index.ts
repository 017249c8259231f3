// The bench's own chunks alias and document state index, one pair per run:
// Elasticsearch's BM25 statistics then come from the data set alone, and the
// index is built with the model under test whatever other indices hold.
import type { Client, estypes } from '@elastic/elasticsearch';
import { uniqueName } from '@tributary/testing';

const PAGE = 10_000;
const PREFIX = 'tributary-relevance-';

// Short enough that the alias and its document index stay within the settings' 101 characters.
const slug = (dataset: string) =>
  dataset
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-|-$/g, '') || 'dataset';

export interface SourceContents {
  documents: number;
  chunks: number;
  /** Every embedding model and chunker id on the source's chunks: one each when one embedder wrote them. */
  models: string[];
  chunkers: string[];
}

/** Index → its aliases, for the aliases matching a pattern (none: empty, not an error). */
async function aliasedIndices(es: Client, pattern: string): Promise<Map<string, string[]>> {
  const response = await es.indices.getAlias({ name: pattern }, { ignore: [404] });
  return new Map(
    Object.entries(response).flatMap(([index, entry]) =>
      typeof entry === 'object' && entry?.aliases ? [[index, Object.keys(entry.aliases)] as const] : [],
    ),
  );
}

export class RelevanceIndex {
  /** The one source the bench ingests into this alias. */
  readonly source: string;

  private constructor(
    private readonly es: Client,
    readonly alias: string,
  ) {
    this.source = alias.slice('tributary-'.length);
  }

  /** A new, still empty alias: the embedder creates the index on start, with its EMBEDDING_MODEL. */
  static create(es: Client, dataset: string): RelevanceIndex {
    return new RelevanceIndex(es, uniqueName(`${PREFIX}${slug(dataset)}`));
  }

  /** The newest alias a `--keep` run left for the data set. */
  static async newest(es: Client, dataset: string): Promise<RelevanceIndex | undefined> {
    const prefix = `${PREFIX}${slug(dataset)}-`;
    const ours = new RegExp(`^${prefix}[a-z0-9]+-[0-9a-f]{6}$`);
    // uniqueName starts with the time in base 36, of fixed width: names sort by age.
    const aliases = [...(await aliasedIndices(es, `${prefix}*`)).values()]
      .flat()
      .filter((name) => ours.test(name))
      .sort();
    const newest = aliases.at(-1);
    return newest ? new RelevanceIndex(es, newest) : undefined;
  }

  /** The settings that point the apps and the CLI at this index. */
  get env(): { CHUNKS_ALIAS: string; DOCUMENT_STATE_INDEX: string } {
    return { CHUNKS_ALIAS: this.alias, DOCUMENT_STATE_INDEX: `${this.alias}-documents` };
  }

  /** Documents searchable now: each has exactly one chunk 0. */
  async searchableDocuments(): Promise<number> {
    const response = await this.es.count({
      index: this.alias,
      query: { bool: { filter: [{ term: { source: this.source } }, { term: { chunk: 0 } }] } },
    });
    return response.count;
  }

  async describe(): Promise<SourceContents> {
    await this.es.indices.refresh({ index: this.alias });
    type Buckets = { buckets: { key: string }[] };
    const response = await this.es.search<unknown, Record<'models' | 'chunkers', Buckets>>({
      index: this.alias,
      size: 0,
      track_total_hits: true,
      query: { term: { source: this.source } },
      aggs: { models: { terms: { field: 'model' } }, chunkers: { terms: { field: 'chunker' } } },
    });
    const total = response.hits.total;
    return {
      documents: await this.searchableDocuments(),
      chunks: typeof total === 'number' ? total : (total?.value ?? 0),
      models: response.aggregations?.models.buckets.map((bucket) => bucket.key) ?? [],
      chunkers: response.aggregations?.chunkers.buckets.map((bucket) => bucket.key) ?? [],
    };
  }

  /**
   * The exact texts the embedder embedded, grouped by document in docId order:
   * each chunk's title and text as the indexing service joins them.
   */
  async embeddingInputsByDocument(): Promise<string[][]> {
    const documents: string[][] = [];
    let previous: string | undefined;
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await this.es.search<{ docId: string; title: string; text: string }>({
        index: this.alias,
        size: PAGE,
        _source: ['docId', 'title', 'text'],
        query: { term: { source: this.source } },
        sort: [{ docId: 'asc' }, { chunk: 'asc' }],
        ...(after ? { search_after: after } : {}),
      });
      for (const { _source: chunk } of page.hits.hits) {
        if (!chunk) continue;
        if (chunk.docId !== previous) documents.push([]);
        previous = chunk.docId;
        documents.at(-1)?.push(`${chunk.title}\n\n${chunk.text}`);
      }
      after = page.hits.hits.at(-1)?.sort;
      if (page.hits.hits.length < PAGE) return documents;
    }
  }

  /** Deletes every index behind the alias (and a migration's -next / -previous), and the document states. */
  async remove(): Promise<string[]> {
    const indices = [
      ...(await aliasedIndices(this.es, `${this.alias}*`)).keys(),
      this.env.DOCUMENT_STATE_INDEX,
    ];
    await this.es.indices.delete({ index: indices, ignore_unavailable: true });
    return indices;
  }
}
