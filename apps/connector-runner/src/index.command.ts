import { InvalidArgumentError, type Command } from 'commander';
import type { Client } from '@elastic/elasticsearch';
import { openEmbeddingProvider } from '@tributary/embeddings';
import { IndexMigration, type MigrationEvent } from '@tributary/indexing';
import { ChunkIndexAliasesRepository, createElasticsearchClient } from '@tributary/search-data-access';
import { formatIndexStatus, readIndexStatus } from './index-status';
import { loadRunnerConfig } from './runner.config';

const milliseconds = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError('must be a whole number of ms ≥ 0');
  return parsed;
};

async function withElasticsearch<T>(
  work: (es: Client, alias: string, config: ReturnType<typeof loadRunnerConfig>) => Promise<T>,
): Promise<T> {
  const config = loadRunnerConfig();
  const es = createElasticsearchClient({
    url: config.ELASTICSEARCH_URL,
    apiKey: config.ELASTICSEARCH_API_KEY,
  });
  try {
    return await work(es, config.CHUNKS_ALIAS, config);
  } finally {
    await es.close();
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);

function describe(event: MigrationEvent): string {
  switch (event.stage) {
    case 'started':
      return `${event.resumed ? 'resuming' : 'building'} ${event.to} (${event.toModel}) from ${event.from} (${event.fromModel})`;
    case 'dual-write':
      return `waiting ${event.waitMs} ms for the embedders to write to both indices`;
    case 'copied':
      return `copied ${event.chunks} chunks (${event.embedded} embedded, ${event.chunksPerSecond}/s)`;
    case 'verified':
      return event.differences === 0
        ? 'verified: every document matches'
        : `verify round ${event.round}: ${event.differences} document(s) differ, checking again`;
    case 'swapped':
      return `swapped: ${event.active} is active; ${event.previous} is kept for \`tributary index rollback\``;
  }
}

/** `tributary index status|migrate|rollback|finish|abort`: the chunks index and its embedding model. */
export function registerIndexCommands(program: Command): void {
  const index = program.command('index').description('the chunks index: its model, migrations and rollback');

  index
    .command('status')
    .description('which index is active, being built or kept for rollback, with model, chunks and size')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const status = await withElasticsearch((es, alias, config) =>
        readIndexStatus(es, alias, config.DOCUMENT_STATE_INDEX),
      );
      say(flags.json ? JSON.stringify(status) : formatIndexStatus(status));
    });

  index
    .command('migrate')
    .description(
      're-embed every chunk with another model into a new index, then swap the alias (no downtime)',
    )
    .requiredOption('--model <id>', 'local:<name>, openai:<model> or hashing-placeholder-v2-<dims>')
    .option(
      '--dual-write-wait-ms <ms>',
      'wait for services to start writing to the new index: more than their INDEX_ALIAS_TTL_MS plus a bulk write',
      milliseconds,
      10_000,
    )
    .action(async (flags: { model: string; dualWriteWaitMs: number }) => {
      const config = loadRunnerConfig();
      const embeddings = await openEmbeddingProvider(flags.model, config);
      await withElasticsearch((es, alias) =>
        new IndexMigration(es, alias, {
          dualWriteWaitMs: flags.dualWriteWaitMs,
          verifyRounds: 5,
          onEvent: (event) => say(describe(event)),
        }).run(embeddings),
      );
    });

  index
    .command('rollback')
    .description('make the previous index active again (the current one is kept as previous)')
    .action(async () => {
      const { active, previous } = await withElasticsearch((es, alias) =>
        new ChunkIndexAliasesRepository(es, alias).rollback(),
      );
      say(`rolled back: ${active} is active; ${previous} is kept as previous`);
    });

  index
    .command('finish')
    .description('drop the index kept for rollback (ends the double writes)')
    .action(async () => {
      const dropped = await withElasticsearch((es, alias) =>
        new ChunkIndexAliasesRepository(es, alias).finish(),
      );
      say(`dropped ${dropped}`);
    });

  index
    .command('abort')
    .description('give up a migration: drop the index it was building')
    .action(async () => {
      const dropped = await withElasticsearch((es, alias) =>
        new ChunkIndexAliasesRepository(es, alias).abort(),
      );
      say(`dropped ${dropped}`);
    });
}
