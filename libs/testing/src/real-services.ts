import { randomBytes } from 'node:crypto';

/**
 * Where the real services of the local stack listen (npm run stack:up). Tests
 * never fake Kafka, Elasticsearch, Redis or PostgreSQL; they isolate themselves by name.
 */
export const realServices = {
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
  elasticsearchUrl: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  postgresUrl: process.env['POSTGRES_URL'] ?? 'postgresql://tributary:tributary@127.0.0.1:5432/tributary',
};

/** A lowercase name no other test run uses: for topics, groups, aliases, sources and keys. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
