import { mkdtemp, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalPdf } from '@tributary/testing';
import { FilesystemConnector } from './filesystem.connector';
import type { ScanItem } from './source-connector';

async function collect(connector: FilesystemConnector, known = new Map()): Promise<ScanItem[]> {
  const items: ScanItem[] = [];
  for await (const item of connector.scan(known)) items.push(item);
  return items;
}
const documentsOf = (items: ScanItem[]) => items.flatMap((i) => (i.kind === 'document' ? [i.document] : []));

describe('FilesystemConnector', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tributary-fs-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('reads Markdown, HTML and text files with relative docIds, titles and mtime versions', async () => {
    await mkdir(join(root, 'guide'));
    await writeFile(join(root, 'guide', 'intro.md'), '# Getting started\n\nInstall it.');
    await writeFile(
      join(root, 'page.html'),
      '<html><head><title>A &amp; B</title></head><body><p>Hello <b>web</b></p></body></html>',
    );
    await writeFile(join(root, 'notes.txt'), 'plain notes');
    await writeFile(join(root, 'image.png'), 'binary');
    await utimes(join(root, 'notes.txt'), 1_700_000_000, 1_700_000_000.5);
    const docs = (await collect(new FilesystemConnector({ root }))).flatMap((i) =>
      i.kind === 'document' ? [i.document] : [],
    );
    expect(docs.map((d) => d.docId)).toEqual(['guide/intro.md', 'notes.txt', 'page.html']);
    expect(docs[0]).toMatchObject({ title: 'Getting started', metadata: { contentType: 'text/markdown' } });
    expect(docs[1]).toMatchObject({ title: 'notes.txt', body: 'plain notes', version: 1_700_000_000_500 });
    expect(docs[2]).toMatchObject({ title: 'A & B', body: 'Hello web' });
    expect(docs[0]?.uri).toBe(`file://${root}/guide/intro.md`);
  });

  it('reports a symlink and an oversized file per file without stopping the scan', async () => {
    await writeFile(join(root, 'big.txt'), 'x'.repeat(100));
    await writeFile(join(root, 'ok.txt'), 'fine');
    await symlink(join(root, 'ok.txt'), join(root, 'link.txt'));
    const items = await collect(new FilesystemConnector({ root, maxFileBytes: 50 }));
    expect(items).toEqual([
      { kind: 'failure', failure: { docId: 'big.txt', error: 'file is 100 bytes, over the 50-byte limit' } },
      { kind: 'failure', failure: { docId: 'link.txt', error: 'symbolic links are not followed' } },
      expect.objectContaining({ kind: 'document', document: expect.objectContaining({ docId: 'ok.txt' }) }),
    ]);
  });

  it('extracts the text and title of a PDF', async () => {
    await writeFile(
      join(root, 'tides.pdf'),
      minimalPdf(['Tidal power turns the sea into electricity.'], 'Tides'),
    );
    const [pdf] = documentsOf(await collect(new FilesystemConnector({ root })));
    expect(pdf).toMatchObject({
      docId: 'tides.pdf',
      title: 'Tides',
      body: 'Tidal power turns the sea into electricity.',
      metadata: { contentType: 'application/pdf' },
    });
  });

  it('reads many files (PDFs queued two parses at a time) and yields them in name order', async () => {
    for (let i = 0; i < 5; i++)
      await writeFile(join(root, `p${i}.pdf`), minimalPdf([`Page text ${i}.`], `P${i}`));
    for (let i = 0; i < 20; i++)
      await writeFile(join(root, `t${String(i).padStart(2, '0')}.txt`), `text ${i}`);
    const docs = documentsOf(await collect(new FilesystemConnector({ root })));
    expect(docs.map((d) => d.docId)).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `p${i}.pdf`),
      ...Array.from({ length: 20 }, (_, i) => `t${String(i).padStart(2, '0')}.txt`),
    ]);
    expect(docs.slice(0, 5).map((d) => d.body)).toEqual(
      Array.from({ length: 5 }, (_, i) => `Page text ${i}.`),
    );
  });

  it('reports a corrupt PDF as a failure of that file only', async () => {
    await writeFile(join(root, 'broken.pdf'), 'not a pdf at all');
    await writeFile(join(root, 'ok.txt'), 'fine');
    const items = await collect(new FilesystemConnector({ root }));
    expect(items[0]).toMatchObject({ kind: 'failure', failure: { docId: 'broken.pdf' } });
    expect(documentsOf(items).map((d) => d.docId)).toEqual(['ok.txt']);
  });

  it('indexes only files matching the include globs and none matching the exclude globs', async () => {
    await mkdir(join(root, 'docs', 'drafts'), { recursive: true });
    await mkdir(join(root, 'node_modules'));
    await writeFile(join(root, 'docs', 'a.md'), 'a');
    await writeFile(join(root, 'docs', 'b.txt'), 'b');
    await writeFile(join(root, 'docs', 'drafts', 'c.md'), 'c');
    await writeFile(join(root, 'node_modules', 'd.md'), 'd');
    await writeFile(join(root, 'top.md'), 'top');
    const connector = new FilesystemConnector({
      root,
      include: ['**/*.md'],
      exclude: ['**/drafts/**', 'node_modules'],
    });
    expect(documentsOf(await collect(connector)).map((d) => d.docId)).toEqual(['docs/a.md', 'top.md']);
  });

  it('reports a file whose mtime equals its checkpoint as unchanged without reading it', async () => {
    await writeFile(join(root, 'same.txt'), 'same');
    await writeFile(join(root, 'edited.txt'), 'edited');
    await utimes(join(root, 'same.txt'), 1_700_000_000, 1_700_000_000);
    const known = new Map([
      ['same.txt', { sourceVersion: 1_700_000_000_000, publishedVersion: 1_700_000_000_000 }],
      ['edited.txt', { sourceVersion: 1, publishedVersion: 1 }],
    ]);
    const items = await collect(new FilesystemConnector({ root }), known);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'document',
        document: expect.objectContaining({ docId: 'edited.txt' }),
      }),
      { kind: 'unchanged', docId: 'same.txt' },
    ]);
  });

  it('fails the run with a clear error when the root cannot be read', async () => {
    await expect(collect(new FilesystemConnector({ root: join(root, 'missing') }))).rejects.toThrow(
      /cannot read root/,
    );
  });
});
