import { DEFAULT_ADAPTER_TRAINING, resolveAdapterTrainingSettings } from './adapter-training-options';
import { AdapterTrainingInputError } from './adapter-training.errors';

describe('resolveAdapterTrainingSettings', () => {
  it('fills what is not given from DEFAULT_ADAPTER_TRAINING', () => {
    expect(resolveAdapterTrainingSettings({})).toEqual(DEFAULT_ADAPTER_TRAINING);
    expect(resolveAdapterTrainingSettings({ epochs: 3, seed: 9 })).toEqual({
      ...DEFAULT_ADAPTER_TRAINING,
      epochs: 3,
      seed: 9,
    });
  });

  it.each([
    [{ epochs: 0 }, /epochs must be a positive integer/],
    [{ epochs: 1.5 }, /epochs must be a positive integer/],
    [{ batchSize: -1 }, /batchSize must be a positive integer/],
    [{ learningRate: 0 }, /learningRate must be positive/],
    [{ temperature: Number.NaN }, /temperature must be positive/],
    [{ identityPenalty: -0.1 }, /identityPenalty must be zero or more/],
    [{ seed: Infinity }, /seed must be a finite number/],
  ])('rejects %p', (options, message) => {
    expect(() => resolveAdapterTrainingSettings(options)).toThrow(AdapterTrainingInputError);
    expect(() => resolveAdapterTrainingSettings(options)).toThrow(message);
  });

  it('allows no identity penalty at all', () => {
    expect(resolveAdapterTrainingSettings({ identityPenalty: 0 }).identityPenalty).toBe(0);
  });
});
