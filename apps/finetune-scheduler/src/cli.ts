import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import type { ModelKind } from '@tributary/contracts';
import { FineTuneOperations } from '@tributary/finetune';
import { FineTuneQueue } from '@tributary/finetune-data-access';
import { createRedisClient } from '@tributary/redis';
import { ChunkIndexTargets, createElasticsearchClient } from '@tributary/search-data-access';
import { formatModels, formatPlans, formatRun, formatRuns } from './cli.format';
import { finetuneStores } from './finetune-stores';
import { loadWorkerConfig } from './worker.config';

/** `tributary models …` and `tributary finetune …`: the operators' fine-tune commands, straight against Redis and Elasticsearch. */
const say = (line: string) => process.stdout.write(`${line}\n`);
const operator = `cli:${userInfo().username}`;

const kind = (value: string): ModelKind => {
  if (value !== 'query-adapter' && value !== 'generator')
    throw new InvalidArgumentError('query-adapter or generator');
  return value;
};

async function withOperations<T>(
  work: (operations: FineTuneOperations, activeModel: () => Promise<string>) => Promise<T>,
) {
  const config = loadWorkerConfig();
  const es = createElasticsearchClient({
    url: config.ELASTICSEARCH_URL,
    apiKey: config.ELASTICSEARCH_API_KEY,
  });
  const redis = createRedisClient(config.REDIS_URL, 'command');
  const queue = new FineTuneQueue(redis, config.FINETUNE_REDIS_PREFIX);
  try {
    const operations = new FineTuneOperations({ ...finetuneStores(es, redis, config), queue });
    const activeModel = async () => (await new ChunkIndexTargets(es, config.CHUNKS_ALIAS, 0).active()).model;
    return await work(operations, activeModel);
  } finally {
    await queue.close();
    await es.close();
    redis.disconnect();
  }
}

const program = new Command('tributary');

const models = program
  .command('models')
  .description('the model registry: versions, what is live, promote and roll back');
models
  .command('list')
  .description('model versions, newest first, with their metrics and which are live')
  .option('--kind <kind>', 'query-adapter or generator', kind)
  .option('--plan <name>')
  .option('--json', 'print JSON')
  .action(async (flags: { kind?: ModelKind; plan?: string; json?: boolean }) => {
    const listing = await withOperations((operations) =>
      operations.models({
        ...(flags.kind ? { kind: flags.kind } : {}),
        ...(flags.plan ? { plan: flags.plan } : {}),
      }),
    );
    say(flags.json ? JSON.stringify(listing) : formatModels(listing));
  });
models
  .command('promote <id>')
  .description('make a model version live (the gateway applies a query adapter within seconds)')
  .action(async (id: string) => {
    const pointer = await withOperations((operations) => operations.promote(id, operator));
    say(`${pointer.active} is live for ${pointer.baseModel}; previous: ${pointer.history.at(-1) ?? 'none'}`);
  });
models
  .command('rollback')
  .description('make the previous version live again (none: the base model as it is)')
  .option('--kind <kind>', 'query-adapter or generator', kind, 'query-adapter')
  .option(
    '--base-model <id>',
    "the embedding model (default: the active index's) or, for generators, the tuned model",
  )
  .action(async (flags: { kind: ModelKind; baseModel?: string }) => {
    const pointer = await withOperations(async (operations, activeModel) =>
      operations.rollback(flags.kind, flags.baseModel ?? (await activeModel()), operator),
    );
    say(
      `rolled back: ${pointer.active ?? 'no model (the base model as it is)'} is live for ${pointer.baseModel}`,
    );
  });

const finetune = program.command('finetune').description('fine-tune plans and runs');
finetune
  .command('plans')
  .description('plans with their schedule, next and last run')
  .option('--json', 'print JSON')
  .action(async (flags: { json?: boolean }) => {
    const plans = await withOperations((operations) => operations.listPlans());
    say(flags.json ? JSON.stringify(plans) : formatPlans(plans));
  });
finetune
  .command('put <file>')
  .description(
    'create or replace a plan from a JSON file ("-" reads stdin); prints it with defaults filled in',
  )
  .action(async (file: string) => {
    const text = file === '-' ? readFileSync(0, 'utf8') : await readFile(file, 'utf8');
    const plan = await withOperations((operations) => operations.putPlan(JSON.parse(text)));
    say(JSON.stringify(plan, null, 2));
  });
for (const [name, paused] of [
  ['pause', true],
  ['resume', false],
] as const) {
  finetune
    .command(`${name} <plan>`)
    .description(
      paused ? 'stop scheduling the plan (runs can still be triggered)' : 'schedule the plan again',
    )
    .action(async (plan: string) => {
      await withOperations((operations) => operations.setPaused(plan, paused));
      say(`${plan} ${paused ? 'paused' : 'resumed'}`);
    });
}
finetune
  .command('delete <plan>')
  .description('delete a plan and its schedule (its runs and models stay)')
  .action(async (plan: string) => {
    await withOperations((operations) => operations.deletePlan(plan));
    say(`${plan} deleted`);
  });
finetune
  .command('run <plan>')
  .description('queue a run now (refused while one of the plan is going)')
  .action(async (plan: string) => {
    const run = await withOperations((operations) => operations.trigger(plan, operator));
    say(`queued ${run.runId}`);
  });
finetune
  .command('runs')
  .description('recent runs, newest first')
  .option('--plan <name>')
  .option('--json', 'print JSON')
  .action(async (flags: { plan?: string; json?: boolean }) => {
    const runs = await withOperations((operations) =>
      operations.runs({ ...(flags.plan ? { plan: flags.plan } : {}), size: 20 }),
    );
    say(flags.json ? JSON.stringify(runs) : formatRuns(runs));
  });
finetune
  .command('show <runId>')
  .description("one run's stages with their inputs, outputs and metrics, and its log")
  .option('--json', 'print JSON')
  .action(async (runId: string, flags: { json?: boolean }) => {
    const run = await withOperations((operations) => operations.run(runId));
    say(flags.json ? JSON.stringify(run) : formatRun(run));
  });
finetune
  .command('cancel <runId>')
  .description('remove a queued run, or stop a running one at its next check')
  .action(async (runId: string) => {
    const result = await withOperations((operations) => operations.cancel(runId, operator));
    say(`${result.runId}: ${result.status}`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`tributary: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
