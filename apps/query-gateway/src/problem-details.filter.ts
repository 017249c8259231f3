import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ContractViolationError } from '@tributary/contracts';
import type { Logger } from '@tributary/observability';
import { RateLimitedException } from './rate-limited.exception';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: readonly string[];
  /** RFC 9457 extension members, e.g. /readyz's per-dependency `checks`. */
  [extension: string]: unknown;
}

/** Every error as RFC 9457 problem+json; internals (stacks, Elasticsearch errors) stay in the log. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request.originalUrl);
    if (problem.status >= 500)
      this.logger.error({ err: exception, path: request.originalUrl }, 'request failed');
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (exception instanceof RateLimitedException)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, instance: string): Problem {
    if (exception instanceof ContractViolationError) {
      return {
        type: 'https://tributary.dev/problems/invalid-request',
        title: 'Invalid request',
        status: HttpStatus.BAD_REQUEST,
        detail: `The ${exception.contract} is invalid: ${exception.issues.join('; ')}`,
        instance,
        errors: exception.issues,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      return {
        type: `https://tributary.dev/problems/http-${status}`,
        title: reasonPhrase(status),
        status,
        detail: Array.isArray(detail) ? detail.join('; ') : String(detail),
        instance,
        ...extensionsOf(body),
      };
    }
    // Express's body parser reports an oversized body before Nest sees the request.
    if ((exception as { type?: string }).type === 'entity.too.large') {
      return {
        type: 'https://tributary.dev/problems/too-large',
        title: reasonPhrase(413),
        status: 413,
        detail: 'The request body exceeds the size limit.',
        instance,
      };
    }
    return {
      type: 'https://tributary.dev/problems/internal',
      title: 'Internal error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'The request could not be completed; the error has been logged.',
      instance,
    };
  }
}

// Members of an exception's body that the problem's own fields already carry.
const PROBLEM_FIELDS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'message',
  'statusCode',
  'error',
]);

/** The rest of an exception's object body, kept as problem extension members. */
function extensionsOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).filter(([name]) => !PROBLEM_FIELDS.has(name)));
}

/** "BAD_REQUEST" -> "Bad Request". */
function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
