import { isEmbeddingModelId, parseEmbeddingModelId, UnknownEmbeddingModelError } from './embedding-model-id';

describe('parseEmbeddingModelId', () => {
  it('reads each kind of id', () => {
    expect(parseEmbeddingModelId('hashing-placeholder-v2-256')).toEqual({ kind: 'hashing', dimensions: 256 });
    expect(parseEmbeddingModelId('local:bge-small-en-v1.5')).toEqual({
      kind: 'local',
      name: 'bge-small-en-v1.5',
    });
    expect(parseEmbeddingModelId('openai:text-embedding-3-small')).toEqual({
      kind: 'openai',
      model: 'text-embedding-3-small',
    });
  });

  it.each([
    '',
    'bge-small',
    'local:',
    'local:../etc',
    'local:a/b',
    'openai:',
    'hashing-placeholder-v2-4',
    'hashing-placeholder-v1-256',
  ])('refuses %j with a message that lists the accepted forms', (id) => {
    expect(() => parseEmbeddingModelId(id)).toThrow(UnknownEmbeddingModelError);
    expect(() => parseEmbeddingModelId(id)).toThrow(/local:<name>, openai:<model>/);
    expect(isEmbeddingModelId(id)).toBe(false);
  });
});
