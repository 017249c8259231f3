// Why a training run ended without an adapter: bad input (retrying cannot help) or a cancel.

/** The examples or options cannot be trained on; the message says which and why. */
export class AdapterTrainingInputError extends Error {
  override readonly name = 'AdapterTrainingInputError';
}

/** shouldStop() said stop: the run ended between two batches and no adapter was produced. */
export class AdapterTrainingCancelledError extends Error {
  override readonly name = 'AdapterTrainingCancelledError';

  constructor(
    /** The epoch (1-based) that was under way. */
    readonly epoch: number,
    /** Optimiser steps taken before the stop. */
    readonly steps: number,
  ) {
    super(`adapter training cancelled in epoch ${epoch} after ${steps} steps`);
  }
}
