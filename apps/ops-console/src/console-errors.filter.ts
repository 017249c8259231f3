import { Catch } from '@nestjs/common';
import { fineTuneProblem } from '@tributary/finetune';
import { ClassifyingProblemFilter, type ProblemClass } from '@tributary/observability';
import { OperationsInputError, OperationsNotFoundError } from '@tributary/operations';
import { ConsoleAuthError } from './auth/console-auth.errors';

/** Console, operations and fine-tune errors as problem+json with the status an operator expects. */
@Catch()
export class ConsoleErrorsFilter extends ClassifyingProblemFilter {
  protected readonly internalDetail = 'the console failed; the log has the details';

  protected classify(exception: unknown): ProblemClass | undefined {
    if (exception instanceof ConsoleAuthError) return [exception.status, exception.message];
    if (exception instanceof OperationsInputError) return [400, exception.message];
    if (exception instanceof OperationsNotFoundError) return [404, exception.message];
    return fineTuneProblem(exception);
  }

  protected override headersFor(exception: unknown): Readonly<Record<string, string>> {
    return exception instanceof ConsoleAuthError && exception.retryAfterSeconds !== undefined
      ? { 'Retry-After': String(exception.retryAfterSeconds) }
      : {};
  }
}
