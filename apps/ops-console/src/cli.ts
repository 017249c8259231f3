import { Command, InvalidArgumentError } from 'commander';
import { createKafka } from '@tributary/kafka';
import { createOperationsService, OPERATIONS_LIMITS, type OperationsService } from '@tributary/operations';
import { operationsOptionsOf } from './operations.settings';
import { createRedisClient } from '@tributary/redis';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { loadStatusConfig } from './status.config';
import { failedSections, formatStatus } from './status.format';

/** `tributary status`: every engine's state in one screen, read straight from Kafka, Redis and Elasticsearch. */
const MAX_WATCH_SECONDS = 3_600;
const MAX_GROUPS = 10_000;

const wholeNumber = (min: number, max: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
  return parsed;
};

async function withOperations<T>(work: (operations: OperationsService) => Promise<T>): Promise<T> {
  const config = loadStatusConfig();
  const kafka = createKafka(
    // Few retries and no log lines: an unreachable broker becomes the section's error, in seconds.
    { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-status`, retries: 2 },
    () => undefined,
  );
  const redis = createRedisClient(config.REDIS_URL, 'command');
  // A connection error surfaces as the failing command's error; unhandled it would also be logged.
  redis.on('error', () => undefined);
  const es = createElasticsearchClient({
    url: config.ELASTICSEARCH_URL,
    apiKey: config.ELASTICSEARCH_API_KEY,
    requestTimeoutMs: config.OPERATIONS_SECTION_TIMEOUT_MS,
  });
  const operations = createOperationsService(
    operationsOptionsOf(config, { kafka, redis, elasticsearch: es }),
  );
  try {
    return await work(operations);
  } finally {
    await operations.close();
    await es.close();
    redis.disconnect();
  }
}

const say = (text: string) => process.stdout.write(`${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface StatusFlags {
  json?: boolean;
  watch?: number;
  deadLetters: number;
  groups: number;
}

const program = new Command('tributary');

program
  .command('status')
  .description(
    'Kafka topics and lag, dead letters, queues, connectors, index, freshness and fine-tuning at a glance; exits 1 when a section could not be read',
  )
  .option('--json', 'print the operations/v1 overview as JSON')
  .option(
    '--watch <seconds>',
    `refresh every N seconds (1-${MAX_WATCH_SECONDS}) until Ctrl-C`,
    wholeNumber(1, MAX_WATCH_SECONDS),
  )
  .option(
    '--dead-letters <n>',
    `dead letters listed (1-${OPERATIONS_LIMITS.maxDeadLetterLimit}); the pending count is always exact`,
    wholeNumber(1, OPERATIONS_LIMITS.maxDeadLetterLimit),
    10,
  )
  .option(
    '--groups <n>',
    `consumer groups listed (1-${MAX_GROUPS}), those with members and the most lag first; --json lists all`,
    wholeNumber(1, MAX_GROUPS),
    20,
  )
  .action(async (flags: StatusFlags) => {
    await withOperations(async (operations) => {
      const render = async () => {
        const overview = await operations.overview({ deadLetterLimit: flags.deadLetters });
        return {
          overview,
          text: flags.json ? JSON.stringify(overview) : formatStatus(overview, { maxGroups: flags.groups }),
        };
      };
      if (flags.watch === undefined) {
        const { overview, text } = await render();
        say(text);
        const failed = failedSections(overview);
        if (failed.length > 0) {
          process.stderr.write(`tributary status: could not read ${failed.join(', ')}\n`);
          process.exitCode = 1;
        }
        return;
      }
      let stopped = false;
      process.once('SIGINT', () => (stopped = true));
      while (!stopped) {
        const { text } = await render();
        // JSON: one overview per line, for a pipe. Text: redraw the screen, as `watch` does.
        if (!flags.json && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
        say(text);
        for (let waited = 0; waited < flags.watch * 1000 && !stopped; waited += 100) await sleep(100);
      }
    });
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`tributary: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
