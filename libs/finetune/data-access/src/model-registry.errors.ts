/** An operator named a model the registry does not hold, or one that cannot serve the slot. */
export class ModelRegistryError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'wrong-kind' | 'nothing-to-roll-back' | 'conflict',
  ) {
    super(message);
    this.name = 'ModelRegistryError';
  }
}
