import type { DocumentChangeV1 } from '@tributary/contracts';
import { WebConnector } from '@tributary/connectors-data-access';
import { startTestSite, type TestSite } from '@tributary/testing';
import type { ChangePublisher } from './change-batch';
import { ConnectorRunService } from './connector-run.service';
import { MemoryCheckpoints } from './testing/memory-checkpoints';

class RecordingPublisher implements ChangePublisher {
  readonly published: DocumentChangeV1[] = [];
  async publish(changes: readonly DocumentChangeV1[]) {
    this.published.push(...changes);
  }
}

const page = (title: string, ...links: string[]) =>
  `<html><head><title>${title}</title></head><body>${links.map((l) => `<a href="${l}">${l}</a>`).join('')}</body></html>`;

describe('ConnectorRunService with the web connector', () => {
  let site: TestSite;
  beforeEach(async () => {
    site = await startTestSite({
      '/robots.txt': { contentType: 'text/plain', body: 'User-agent: *\nAllow: /\n' },
      '/': { etag: '"home"', body: page('Home', '/guide', '/faq', '/changelog', '/retired') },
      '/guide': { lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT', body: page('Guide') },
      '/faq': { body: page('FAQ') },
      '/changelog': { body: page('Changelog') },
      '/retired': { body: page('Retired') },
    });
  });
  afterEach(() => site.close());

  it('publishes the site, then only what changed, a delete for a removed page and nothing for a failing one', async () => {
    const publisher = new RecordingPublisher();
    const checkpoints = new MemoryCheckpoints();
    const runs = new ConnectorRunService(publisher, checkpoints);
    const connector = new WebConnector({ startUrl: `${site.origin}/` });
    const now = () => new Date('2026-01-01T00:00:00Z');

    const first = await runs.runOnce('site', connector, { now });
    expect(first).toMatchObject({ seen: 5, changed: 5, deleted: 0, failed: 0 });
    expect(publisher.published.map((c) => `${c.op} ${c.docId}`).sort()).toEqual(
      ['upsert /', 'upsert /changelog', 'upsert /faq', 'upsert /guide', 'upsert /retired'].sort(),
    );
    const retiredVersion = checkpoints.state.get('/retired')?.publishedVersion ?? 0;

    site.pages.delete('/retired');
    site.pages.set('/faq', { status: 500 });
    site.pages.set('/changelog', { body: page('Changelog', '/') + 'v2 released' });
    publisher.published.length = 0;
    const second = await runs.runOnce('site', connector, { now });

    expect(second).toMatchObject({ changed: 1, deleted: 1, failed: 1 });
    expect(second.failures).toEqual([{ docId: '/faq', error: 'HTTP 500' }]);
    expect(publisher.published.map((c) => `${c.op} ${c.docId}`)).toEqual([
      'upsert /changelog',
      'delete /retired',
    ]);
    const deletion = publisher.published.find((c) => c.op === 'delete');
    expect(deletion?.version).toBeGreaterThan(retiredVersion);
    const live = [...checkpoints.state]
      .filter(([, checkpoint]) => !checkpoint.deleted)
      .map(([docId]) => docId);
    expect(live.sort()).toEqual(['/', '/changelog', '/faq', '/guide']);
    expect(checkpoints.state.get('/retired')).toMatchObject({
      deleted: true,
      publishedVersion: deletion?.version,
    });
    const conditional = site.requests.filter(
      (r) => r.headers['if-none-match'] || r.headers['if-modified-since'],
    );
    expect(conditional.map((r) => r.path).sort()).toEqual(['/', '/guide']);
  });
});
