import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// Per-key request rate limits in Redis: GCRA, one script call per request.

/** What consuming one request decided. */
export interface RateLimitDecision {
  allowed: boolean;
  /** How long until one more request would be allowed; 0 when this one was. */
  retryAfterMs: number;
  /** Requests still allowed at once, without waiting. */
  remaining: number;
}

/** The port the gateway's guard consumes from. */
export interface RateLimiter {
  consume(id: string, limitPerMinute: number): Promise<RateLimitDecision>;
}

export interface RateLimitPolicy {
  /** One request's share of a minute: the sustained spacing between requests. */
  intervalMs: number;
  /** Requests allowed at once after a quiet spell: 10 s worth of the limit, at least 1. */
  burst: number;
}

const BURST_SECONDS = 10;

export function rateLimitPolicy(limitPerMinute: number): RateLimitPolicy {
  if (!Number.isInteger(limitPerMinute) || limitPerMinute < 1)
    throw new RangeError(`a rate limit must be a positive whole number per minute, not ${limitPerMinute}`);
  return {
    intervalMs: 60_000 / limitPerMinute,
    burst: Math.max(1, Math.floor((limitPerMinute * BURST_SECONDS) / 60)),
  };
}

// GCRA: the key holds the theoretical arrival time (TAT, ms) of the next
// request; a request is allowed while the new TAT is at most burst intervals
// ahead of now. Redis's clock, not the caller's, so gateway replicas agree.
// The key expires when the TAT passes: an idle key leaves nothing behind.
const GCRA_SCRIPT = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local tat = now
local stored = redis.call('GET', KEYS[1])
if stored then tat = math.max(tonumber(stored), now) end
local next_tat = tat + interval
local allow_at = next_tat - burst * interval
if now < allow_at then
  return {0, math.ceil(allow_at - now), 0}
end
redis.call('SET', KEYS[1], string.format('%.3f', next_tat), 'PX', math.ceil(next_tat - now))
return {1, 0, math.floor((now - allow_at) / interval + 1e-9)}`;
const GCRA_SHA = createHash('sha1').update(GCRA_SCRIPT).digest('hex');

/** Rate limits shared by every gateway replica: one Redis key per limited id. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tributary:rate-limit',
  ) {}

  async consume(id: string, limitPerMinute: number): Promise<RateLimitDecision> {
    const { intervalMs, burst } = rateLimitPolicy(limitPerMinute);
    const reply = await this.runScript(`${this.prefix}:${id}`, String(intervalMs), String(burst));
    if (!Array.isArray(reply) || reply.length !== 3 || !reply.every((n) => typeof n === 'number'))
      throw new Error(`unexpected rate limit script reply: ${JSON.stringify(reply)}`);
    const [allowed, retryAfterMs, remaining] = reply as [number, number, number];
    return { allowed: allowed === 1, retryAfterMs, remaining };
  }

  /** EVALSHA, one round trip once Redis has the script; EVAL only the first time (or after a flush). */
  private async runScript(key: string, ...args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(GCRA_SHA, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(GCRA_SCRIPT, 1, key, ...args);
    }
  }
}
