import type { EmbeddingProvider } from './embedding-provider';
import { EmbeddingProviders } from './embedding-providers';
import type { EmbeddingSettings } from './embedding-provider.factory';
import { HashingEmbeddingProvider } from './hashing-embedding.provider';

const settings = {} as EmbeddingSettings;

describe('EmbeddingProviders', () => {
  it('opens each model once, however many callers ask at the same time', async () => {
    const opened: string[] = [];
    const providers = new EmbeddingProviders(settings, async (modelId) => {
      opened.push(modelId);
      return new HashingEmbeddingProvider(8);
    });
    const [a, b] = await Promise.all([providers.get('m1'), providers.get('m1')]);
    const c = await providers.get('m2');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(opened).toEqual(['m1', 'm2']);
  });

  it('tries again after a failed load instead of remembering the failure', async () => {
    let attempts = 0;
    const providers = new EmbeddingProviders(settings, async (): Promise<EmbeddingProvider> => {
      attempts++;
      if (attempts === 1) throw new Error('model files missing');
      return new HashingEmbeddingProvider(8);
    });
    await expect(providers.get('m')).rejects.toThrow('model files missing');
    await expect(providers.get('m')).resolves.toBeInstanceOf(HashingEmbeddingProvider);
    expect(attempts).toBe(2);
  });

  it('builds the provider a model id names', async () => {
    const provider = await new EmbeddingProviders(settings).get('hashing-placeholder-v2-64');
    expect(provider.modelId).toBe('hashing-placeholder-v2-64');
    expect(provider.dimensions).toBe(64);
    await expect(new EmbeddingProviders(settings).get('openai:text-embedding-3-small')).rejects.toThrow(
      /needs EMBEDDING_API_URL/,
    );
  });
});
