import { Catch } from '@nestjs/common';
import { fineTuneProblem } from '@tributary/finetune';
import { ClassifyingProblemFilter } from '@tributary/observability';

/** Fine-tune and model-registry errors as problem+json with the status an operator expects. */
@Catch()
export class FineTuneErrorsFilter extends ClassifyingProblemFilter {
  protected readonly internalDetail = 'the fine-tune scheduler failed; the log has the details';

  protected classify(exception: unknown) {
    return fineTuneProblem(exception);
  }
}
