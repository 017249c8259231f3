import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** Retries of a failed request; a CLI asks for few, so an unreachable broker is reported in seconds. */
  retries?: number;
}

type LogSink = (
  level: 'error' | 'warn' | 'info' | 'debug',
  message: string,
  extra: Record<string, unknown>,
) => void;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logs go to the service's structured logger. */
export function createKafka({ brokers, clientId, retries = 10 }: KafkaOptions, sink?: LogSink): Kafka {
  return new Kafka({
    clientId,
    brokers,
    retry: { initialRetryTime: 300, retries },
    logLevel: logLevel.WARN,
    ...(sink
      ? {
          logCreator:
            () =>
            ({ namespace, level, log }: LogEntry) => {
              const { message, ...extra } = log;
              sink(LEVELS[level] ?? 'info', `${namespace}: ${message}`, extra);
            },
        }
      : {}),
  });
}
