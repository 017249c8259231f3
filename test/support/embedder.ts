import { startApp, type AppProcess } from '@tributary/testing';

/** An embedder process in the given consumer group, small batches so a crash lands mid-stream. */
export function startEmbedder(
  groupId: string,
  port: number,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  return startApp(
    'apps/embedder/src/main.ts',
    { KAFKA_GROUP_ID: groupId, LOG_LEVEL: 'warn', MAX_ATTEMPTS: '2', ...env },
    port,
  );
}
