import type { Client } from '@elastic/elasticsearch';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { eventually, realServices, uniqueName, type AppProcess } from '@tributary/testing';
import { restartService, startScheduledConnector } from '../support/connector-process';
import { startEmbedder } from '../support/embedder';
import { FolderSource } from '../support/folder-source';
import { asPairs, indexedVersions } from '../support/index-probe';

/**
 * Convergence: after the sources stop changing, the index holds exactly the
 * sources' (docId, version) set, even when Kafka, Elasticsearch or Redis
 * restarts while documents are flowing.
 */
describe.each(['elasticsearch', 'kafka', 'redis'] as const)(
  'convergence across a restart of %s',
  (service) => {
    let es: Client;
    let embedder: AppProcess;
    let folder: FolderSource;
    const source = uniqueName(`c-${service.slice(0, 5)}`);

    beforeAll(async () => {
      es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
      embedder = await startEmbedder(uniqueName('convergence-embedder'), 3121);
      folder = await FolderSource.create();
    });

    afterAll(async () => {
      await embedder.stop();
      await folder.dispose();
      await es.close();
    });

    it('ends with the index equal to the folder', async () => {
      const base = Date.now() - 3_600_000;
      for (let i = 0; i < 40; i++)
        await folder.write(`doc-${i}.md`, `first text of ${i} `.repeat(50), new Date(base + i));
      const connector = startScheduledConnector(folder.root, source, 1);
      try {
        await eventually(async () => expect((await indexedVersions(es, source)).size).toBeGreaterThan(0), {
          timeoutMs: 60_000,
        });
        const restarting = restartService(service);
        // Changes keep coming while the service goes down and comes back.
        for (let i = 0; i < 40; i += 3)
          await folder.write(`doc-${i}.md`, `edited text of ${i} `.repeat(40), new Date(base + 10_000 + i));
        for (let i = 1; i < 40; i += 7) await folder.remove(`doc-${i}.md`);
        for (let i = 40; i < 50; i++)
          await folder.write(`doc-${i}.md`, `new text of ${i}`, new Date(base + 20_000 + i));
        await restarting;
        const expected = await folder.expected();
        await eventually(async () => expect(asPairs(await indexedVersions(es, source))).toEqual(expected), {
          timeoutMs: 150_000,
          intervalMs: 1_000,
        });
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n--- connector ---\n${connector.logs().slice(-3000)}\n--- embedder ---\n${embedder.logs().slice(-3000)}`,
        );
      } finally {
        await connector.stop();
      }
    });
  },
);
