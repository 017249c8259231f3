import type { Checkpoint, CheckpointStore } from '@tributary/connectors-data-access';

/** An in-memory CheckpointStore for unit tests: a fake of our own port, one source at a time. */
export class MemoryCheckpoints implements CheckpointStore {
  readonly state = new Map<string, Checkpoint>();

  async load(): Promise<Map<string, Checkpoint>> {
    return new Map(this.state);
  }

  async record(_source: string, checkpoints: ReadonlyMap<string, Checkpoint>): Promise<void> {
    checkpoints.forEach((checkpoint, docId) => this.state.set(docId, checkpoint));
  }
}
