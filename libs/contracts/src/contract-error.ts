import type { z } from 'zod';

/** A payload that does not satisfy its schema; the message lists every problem. */
export class ContractViolationError extends Error {
  constructor(
    readonly contract: string,
    readonly issues: readonly string[],
  ) {
    super(`${contract}: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
  }

  static fromZod(contract: string, error: z.ZodError): ContractViolationError {
    return new ContractViolationError(
      contract,
      error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
}

/** Parses a payload with a contract's schema, throwing ContractViolationError. */
export function parseContract<T>(contract: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw ContractViolationError.fromZod(contract, result.error);
  return result.data;
}
