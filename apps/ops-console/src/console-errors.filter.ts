import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ContractViolationError } from '@tributary/contracts';
import { FineTuneConflictError, FineTuneNotFoundError } from '@tributary/finetune';
import { ModelRegistryError } from '@tributary/finetune-data-access';
import type { Logger } from '@tributary/observability';
import { OperationsInputError, OperationsNotFoundError } from '@tributary/operations';
import { ConsoleAuthError } from './auth/console-auth.errors';

/** Every error as RFC 9457 problem+json with the status an operator expects; anything else is a logged 500. */
@Catch()
export class ConsoleErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const [status, detail, errors] = this.classify(exception);
    if (status >= 500) this.logger.error({ err: exception, path: request.originalUrl }, 'request failed');
    if (exception instanceof ConsoleAuthError && exception.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response
      .status(status)
      .type('application/problem+json')
      .json({
        title: HttpStatus[status] ?? 'Error',
        status,
        detail,
        instance: request.originalUrl,
        ...(errors ? { errors } : {}),
      });
  }

  private classify(exception: unknown): [number, string, (readonly string[])?] {
    if (exception instanceof ConsoleAuthError) return [exception.status, exception.message];
    if (exception instanceof OperationsInputError) return [400, exception.message];
    if (exception instanceof OperationsNotFoundError) return [404, exception.message];
    if (exception instanceof ContractViolationError) return [400, exception.message, exception.issues];
    if (exception instanceof FineTuneNotFoundError) return [404, exception.message];
    if (exception instanceof FineTuneConflictError) return [409, exception.message];
    if (exception instanceof ModelRegistryError)
      return [exception.code === 'not-found' ? 404 : 409, exception.message];
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message =
        typeof body === 'object' && body && 'message' in body ? String(body.message) : exception.message;
      return [exception.getStatus(), message];
    }
    return [500, 'the console failed; the log has the details'];
  }
}
