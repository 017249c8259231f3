import type { Redis } from 'ioredis';
import { fineTunePlanV1Schema, type FineTunePlanV1 } from '@tributary/contracts';

/** Fine-tune plans in one Redis hash (name → plan JSON), beside the queue that runs them. */
export class PlanRepository {
  private readonly key: string;

  /** `prefix` is the deployment's FINETUNE_REDIS_PREFIX. */
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:plans`;
  }

  async put(plan: FineTunePlanV1): Promise<void> {
    await this.redis.hset(this.key, plan.name, JSON.stringify(plan));
  }

  async get(name: string): Promise<FineTunePlanV1 | undefined> {
    const json = await this.redis.hget(this.key, name);
    return json === null ? undefined : fineTunePlanV1Schema.parse(JSON.parse(json));
  }

  async list(): Promise<FineTunePlanV1[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.values(all)
      .map((json) => fineTunePlanV1Schema.parse(JSON.parse(json)))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Whether the plan existed. */
  async delete(name: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, name)) === 1;
  }
}
