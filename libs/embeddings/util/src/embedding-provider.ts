/** Turns text into vectors. The model id is stored on every chunk and checked at query time. */
export interface EmbeddingProvider {
  readonly modelId: string;
  readonly dimensions: number;
  embedDocuments(texts: readonly string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}
