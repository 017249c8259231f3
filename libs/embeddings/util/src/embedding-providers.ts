import type { EmbeddingProvider } from './embedding-provider';
import { openEmbeddingProvider, type EmbeddingSettings } from './embedding-provider.factory';

/**
 * The providers a service has opened, by model id. A service follows its
 * index's model (which `tributary index migrate` changes at run time), so it
 * opens providers on first use; each loads once, and a failed load is retried
 * on the next call rather than remembered.
 */
export class EmbeddingProviders {
  private readonly opened = new Map<string, Promise<EmbeddingProvider>>();

  constructor(
    private readonly settings: EmbeddingSettings,
    private readonly open: typeof openEmbeddingProvider = openEmbeddingProvider,
  ) {}

  get(modelId: string): Promise<EmbeddingProvider> {
    let provider = this.opened.get(modelId);
    if (!provider) {
      provider = this.open(modelId, this.settings);
      this.opened.set(modelId, provider);
      provider.catch(() => this.opened.delete(modelId));
    }
    return provider;
  }
}
