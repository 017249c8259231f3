import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from './logger';

/** How an error answers: its HTTP status, the detail shown, and the individual issues when there are several. */
export type ProblemClass = readonly [status: number, detail: string, errors?: readonly string[]];

/**
 * Every error as RFC 9457 problem+json with the status the app's `classify` gives;
 * a 5xx is logged with its stack and answers only the app's generic detail.
 */
@Catch()
export abstract class ClassifyingProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  /** The status and detail for an error the app knows, or undefined to fall back to Nest's own or a 500. */
  protected abstract classify(exception: unknown): ProblemClass | undefined;
  /** The detail of an unexpected failure, e.g. 'the console failed; the log has the details'. */
  protected abstract readonly internalDetail: string;
  /** Headers an error adds to its answer, e.g. Retry-After. */
  protected headersFor(_exception: unknown): Readonly<Record<string, string>> {
    return {};
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const [status, detail, errors] = this.classify(exception) ?? this.fallback(exception);
    if (status >= 500) this.logger.error({ err: exception, path: request.originalUrl }, 'request failed');
    for (const [name, value] of Object.entries(this.headersFor(exception))) response.setHeader(name, value);
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

  private fallback(exception: unknown): ProblemClass {
    if (!(exception instanceof HttpException)) return [500, this.internalDetail];
    const body = exception.getResponse();
    const message =
      typeof body === 'object' && body && 'message' in body ? String(body.message) : exception.message;
    return [exception.getStatus(), message];
  }
}
