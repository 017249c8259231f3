/**
 * @jest-environment <rootDir>/tools/jest/onnx-environment.js
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalOnnxEmbeddingProvider } from './local-onnx.provider';
import { ModelNotInstalledError } from './model-manifest';

/** Against the real model that tools/models/fetch-model.sh installs (the test command runs it first). */
const MODELS_DIR = process.env['EMBEDDING_MODELS_DIR'] ?? join(homedir(), '.cache', 'tributary', 'models');
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('LocalOnnxEmbeddingProvider (bge-small-en-v1.5, ONNX Runtime on CPU)', () => {
  let provider: LocalOnnxEmbeddingProvider;

  beforeAll(async () => {
    provider = await LocalOnnxEmbeddingProvider.open(join(MODELS_DIR, 'bge-small-en-v1.5'), {
      batchSize: 2,
      threads: 1,
    });
  });
  afterAll(() => provider?.close());

  it('names the model and gives unit-length vectors of its dimension', async () => {
    expect(provider.modelId).toBe('local:bge-small-en-v1.5');
    const [vector] = await provider.embedDocuments(['Tides rise twice a day.']);
    expect(vector).toHaveLength(384);
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
  });

  it('places a passage near a query that means the same in other words', async () => {
    const query = await provider.embedQuery('how do I look after my car');
    const [auto, bread] = await provider.embedDocuments([
      'Change the automobile oil and check the tyres before a long drive.',
      'Knead the dough and let it rise overnight.',
    ]);
    expect(dot(query, auto!)).toBeGreaterThan(dot(query, bread!) + 0.1);
  });

  it('gives each text the same vector whatever batch or order it comes in', async () => {
    const texts = ['short', 'a somewhat longer sentence about tides and the moon', 'mid length text', 'x'];
    const together = await provider.embedDocuments(texts);
    const alone = await Promise.all(texts.map(async (text) => (await provider.embedDocuments([text]))[0]!));
    together.forEach((vector, i) => expect(dot(vector, alone[i]!)).toBeGreaterThan(0.99999));
  });

  it('embeds a query with the model’s query prefix, so it differs from the same text as a passage', async () => {
    const [passage] = await provider.embedDocuments(['tidal energy']);
    const query = await provider.embedQuery('tidal energy');
    expect(dot(passage!, query)).toBeLessThan(0.999);
    expect(dot(passage!, query)).toBeGreaterThan(0.7);
  });

  it('truncates a text longer than the model takes instead of failing', async () => {
    const [vector] = await provider.embedDocuments(['word '.repeat(3000)]);
    expect(vector).toHaveLength(384);
  });

  it('says how to get a model that is not installed', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-model-'));
    try {
      const opening = LocalOnnxEmbeddingProvider.open(join(empty, 'bge-small-en-v1.5'), {
        batchSize: 1,
        threads: 1,
      });
      await expect(opening).rejects.toThrow(ModelNotInstalledError);
      await expect(opening).rejects.toThrow(/fetch-model\.sh/);
    } finally {
      await rm(empty, { recursive: true });
    }
  });
});
