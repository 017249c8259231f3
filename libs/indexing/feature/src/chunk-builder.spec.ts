import { DOCUMENT_CHANGE_V1, type DocumentUpsertV1 } from '@tributary/contracts';
import { buildChunks } from './chunk-builder';

const upsert = (fields: Partial<DocumentUpsertV1> = {}): DocumentUpsertV1 => ({
  schema: DOCUMENT_CHANGE_V1,
  source: 'docs',
  docId: 'a.md',
  op: 'upsert',
  version: 1,
  occurredAt: '2026-11-23T10:00:00Z',
  title: 'A',
  body: 'one two three four five six seven',
  uri: 'file:///a.md',
  metadata: {},
  ...fields,
});
const build = (change: DocumentUpsertV1) =>
  buildChunks(change, { maxTokens: 5, overlapTokens: 1 }, '2026-11-23T10:00:01Z');

describe('buildChunks', () => {
  it("gives every chunk the change's tenant", () => {
    const chunks = build(upsert({ tenant: 'acme' }));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.tenant)).toEqual(chunks.map(() => 'acme'));
  });

  it('puts a change without a tenant in the default tenant', () => {
    expect(build(upsert()).map((chunk) => chunk.tenant)).toEqual(['default', 'default']);
  });

  it('copies the metadata values that are ISO dates into metadataDates and keeps metadata whole', () => {
    const metadata = {
      published: '2024-03-01',
      reviewedAt: '2024-03-02T08:00:00Z',
      bogus: '2024-02-30',
      n: 3,
    };
    const [chunk] = build(upsert({ metadata }));
    expect(chunk?.metadata).toEqual(metadata);
    expect(chunk?.metadataDates).toEqual({ published: '2024-03-01', reviewedAt: '2024-03-02T08:00:00Z' });
  });

  it('leaves metadataDates out when no metadata value is a date', () => {
    const [chunk] = build(upsert({ metadata: { lang: 'en' } }));
    expect(chunk).not.toHaveProperty('metadataDates');
  });
});
