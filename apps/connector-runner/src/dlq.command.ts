import type { Command } from 'commander';
import { DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC, DOCUMENT_CHANGES_DLQ_TOPIC } from '@tributary/contracts';
import {
  createKafka,
  DeadLetterRepository,
  ensureTopics,
  InvalidDeadLetterPositionError,
  isKafkaUnreachable,
  parseDeadLetterPosition,
  TRIBUTARY_TOPICS,
  type DeadLetterPosition,
} from '@tributary/kafka';
import { UsageError } from './connector.factory';
import { formatDeadLetterTable, formatDiscarded, formatRedriveAll, formatRedriven } from './dlq.format';
import { loadRunnerConfig, type RunnerConfig } from './runner.config';

/** `tributary dlq list|redrive|discard`: operator commands for the document changes' dead-letter queue. */
export function registerDlqCommands(program: Command): void {
  const dlq = program
    .command('dlq')
    .description(`inspect, redrive and discard dead letters in ${DOCUMENT_CHANGES_DLQ_TOPIC}`);

  dlq
    .command('list')
    .description('list the dead letters not yet redriven or discarded')
    .option('--limit <n>', 'show at most n letters', '50')
    .option('--json', 'print JSON for machines')
    .action(async (options: { limit: string; json?: boolean }) => {
      const limit = parseLimit(options.limit);
      await withRepository(async (repository) => {
        const { letters, total } = await repository.listPending(limit);
        const topic = DOCUMENT_CHANGES_DLQ_TOPIC;
        print(
          options.json
            ? JSON.stringify({ topic, total, letters }, null, 2)
            : formatDeadLetterTable(letters, total, topic),
        );
      });
    });

  dlq
    .command('redrive')
    .description('publish dead letters again, key and value untouched, to the topic they failed on')
    .option('--offset <partition:offset>', 'the dead letter to redrive, e.g. 0:42')
    .option('--all', 'redrive every pending dead letter')
    .action(async (options: { offset?: string; all?: boolean }) => {
      const target = redriveTarget(options);
      await withRepository(async (repository) =>
        print(
          target === 'all'
            ? formatRedriveAll(await repository.redriveAll())
            : formatRedriven(await repository.redrive(target)),
        ),
      );
    });

  dlq
    .command('discard')
    .description('mark a dead letter handled without redriving it')
    .option('--offset <partition:offset>', 'the dead letter to discard, e.g. 0:42')
    .option('--reason <text>', 'why it is discarded (recorded with it)')
    .action(async (options: { offset?: string; reason?: string }) => {
      if (!options.offset) throw new UsageError('dlq discard needs --offset <partition:offset>');
      const position = parseOffsetOption(options.offset);
      const reason = options.reason?.trim();
      if (!reason) throw new UsageError('dlq discard needs --reason "<text>"');
      await withRepository(async (repository) =>
        print(formatDiscarded(await repository.discard(position, reason), reason)),
      );
    });
}

export function parseOffsetOption(text: string): DeadLetterPosition {
  try {
    return parseDeadLetterPosition(text);
  } catch (error) {
    if (error instanceof InvalidDeadLetterPositionError) throw new UsageError(`--offset: ${error.message}`);
    throw error;
  }
}

/** What `dlq redrive` was asked for: one letter or all of them, never both nor neither. */
export function redriveTarget({
  offset,
  all,
}: {
  offset?: string;
  all?: boolean;
}): DeadLetterPosition | 'all' {
  if (Boolean(all) === (offset !== undefined))
    throw new UsageError('dlq redrive needs exactly one of --offset <partition:offset> or --all');
  return offset === undefined ? 'all' : parseOffsetOption(offset);
}

export function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a positive integer, not "${text}"`);
  return limit;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

// The CLI creates only what it writes to; the apps own the rest of TRIBUTARY_TOPICS.
const OPERATOR_TOPICS = new Set([DOCUMENT_CHANGES_DLQ_TOPIC, DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC]);

async function withRepository(work: (repository: DeadLetterRepository) => Promise<void>): Promise<void> {
  const config = loadRunnerConfig();
  const kafka = createKafka(
    { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-dlq`, retries: 2 },
    kafkaLogSink(config),
  );
  const repository = new DeadLetterRepository(kafka);
  try {
    await ensureTopics(
      kafka,
      TRIBUTARY_TOPICS.filter(({ topic }) => OPERATOR_TOPICS.has(topic)),
    );
    await repository.connect();
    await work(repository);
  } catch (error) {
    if (!isKafkaUnreachable(error)) throw error;
    throw new Error(
      `Kafka is unreachable at ${config.KAFKA_BROKERS.join(',')} (KAFKA_BROKERS): ${(error as Error).message}`,
    );
  } finally {
    await repository.disconnect().catch(() => undefined);
  }
}

const RANK = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 70 } as const;

/** The command reports failures itself: kafkajs's own lines go to stderr only when LOG_LEVEL asks for warn or more. */
function kafkaLogSink(config: RunnerConfig) {
  const threshold = RANK[config.LOG_LEVEL];
  return (level: 'error' | 'warn' | 'info' | 'debug', message: string) => {
    if (threshold <= RANK.warn && RANK[level] >= threshold)
      process.stderr.write(`kafka ${level}: ${message}\n`);
  };
}
