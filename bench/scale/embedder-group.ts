import type { Kafka } from 'kafkajs';
import { eventually, startApp, type AppProcess } from '@tributary/testing';

/**
 * `count` embedder processes in one consumer group, started one after the other,
 * returned once the group is stable with every member holding partitions: the
 * measurement must not include start-up or the rebalances it causes.
 */
export async function startEmbedderGroup(
  kafka: Kafka,
  options: { count: number; group: string; firstPort: number; env: Record<string, string> },
): Promise<AppProcess[]> {
  const embedders: AppProcess[] = [];
  try {
    for (let i = 0; i < options.count; i++) {
      embedders.push(
        await startApp(
          'apps/embedder/src/main.ts',
          { ...options.env, KAFKA_GROUP_ID: options.group, LOG_LEVEL: 'warn' },
          options.firstPort + i,
        ),
      );
    }
    await waitForStableGroup(kafka, options.group, options.count);
    await eventually(
      async () => {
        for (const embedder of embedders) {
          const response = await fetch(`${embedder.url}/readyz`);
          if (response.status !== 200) throw new Error(`${embedder.url} not ready`);
        }
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await Promise.all(embedders.map((embedder) => embedder.stop()));
    throw error;
  }
  return embedders;
}

async function waitForStableGroup(kafka: Kafka, group: string, members: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        const {
          groups: [described],
        } = await admin.describeGroups([group]);
        const assigned = described?.members.filter((member) => member.memberAssignment.length > 0).length;
        if (described?.state !== 'Stable' || assigned !== members)
          throw new Error(`group ${group}: ${described?.state}, ${assigned} of ${members} members assigned`);
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
  } finally {
    await admin.disconnect();
  }
}
