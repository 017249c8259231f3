import { ContractViolationError } from '@tributary/contracts';
import { ModelRegistryError } from '@tributary/finetune-data-access';
import type { ProblemClass } from '@tributary/observability';
import { FineTuneConflictError, FineTuneNotFoundError } from './fine-tune-operations.service';

/** The HTTP answer to a fine-tune or model-registry error, for every app that serves those operations. */
export function fineTuneProblem(exception: unknown): ProblemClass | undefined {
  if (exception instanceof ContractViolationError) return [400, exception.message, exception.issues];
  if (exception instanceof FineTuneNotFoundError) return [404, exception.message];
  if (exception instanceof FineTuneConflictError) return [409, exception.message];
  if (exception instanceof ModelRegistryError)
    return [exception.code === 'not-found' ? 404 : 409, exception.message];
  return undefined;
}
