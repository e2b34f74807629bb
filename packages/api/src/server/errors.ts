import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SluiceError, isErrorCode, type Problem } from '@sluice/engine';

/** The body of every error the API answers: one shape, a code from the engine's registry. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** JSON Schema of {@link ErrorBody} (every route's 4xx/5xx response). */
export const errorSchema = {
  type: 'object',
  required: ['statusCode', 'code', 'message', 'details'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The JSON pointer of an ajv error: its instance path, plus the missing or extra property where ajv names one. */
function pointerOf(e: AjvLikeError): string {
  const base = e.instancePath ?? '';
  const extra = e.params?.missingProperty ?? e.params?.additionalProperty;
  return typeof extra === 'string' ? `${base}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}` : base;
}

/** Turns any thrown value into the API's error body (never a stack, never a secret). */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof SluiceError) {
    const { code, message, retryable: _r, details, ...location } = error.toJSON();
    return { statusCode: error.httpStatus, code, message, details: { ...location, ...(details ?? {}) } };
  }
  const e = error as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const where = e.validationContext ?? 'body';
    const problems = e.validation.map((v) => ({ pointer: pointerOf(v), message: v.message ?? 'is not valid', keyword: v.keyword ?? '' }));
    const first = problems[0];
    return {
      statusCode: 400, code: 'SCHEMA_VIOLATION',
      message: `The request ${where} is not valid: ${first ? `${first.pointer || '/'} ${first.message}` : 'see details'}.`,
      details: { in: where, pointer: first?.pointer ?? '', problems },
    };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413) return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the configured limit (SLUICE_BODY_LIMIT).', details: {} };
  if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return { statusCode: 400, code: 'INVALID_JSON', message: `The request body is not valid JSON: ${e.message}`, details: {} };
  if (status >= 400 && status < 500) {
    const code = typeof e.code === 'string' && isErrorCode(e.code) ? e.code : 'SCHEMA_VIOLATION';
    return { statusCode: status, code, message: e.message, details: {} };
  }
  return { statusCode: 500, code: 'INTERNAL', message: 'An internal error occurred; it was logged with the request id.', details: {} };
}

/** A document's validation problems: always a 400 (a missing reference is a fault of the document), with the first problem's code. */
class ProblemsError extends SluiceError {
  override get httpStatus(): number {
    return 400;
  }
}

/** A 400 for a document with validation problems: the first problem's code and pointer, every problem in details. */
export function problemsError(what: string, problems: readonly Problem[]): SluiceError {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0] ?? problems[0];
  const code = first && isErrorCode(first.code) ? first.code : 'SCHEMA_VIOLATION';
  return new ProblemsError(code, `${what} has ${errors.length} problem(s); the first: ${first?.pointer || '/'}: ${first?.message ?? ''}`, first ? { pointer: first.pointer } : {}, { problems });
}

/**
 * Installs the one error handler and the not-found handler: coded errors keep their code and status,
 * fastify's schema errors become SCHEMA_VIOLATION with the field's pointer, anything else a 500 INTERNAL
 * whose stack goes to the log only.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(error);
    if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(body.statusCode).send(body);
  });
}

/** The error for an unknown route. */
export function routeNotFound(method: string, url: string): ErrorBody {
  return { statusCode: 404, code: 'ROUTE_NOT_FOUND', message: `No route answers ${method} ${url.split('?')[0] ?? url}.`, details: {} };
}
