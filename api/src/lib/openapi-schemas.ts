import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string().openapi({ example: 'name: must be at most 64 characters' }),
    }),
  })
  .openapi('Error');

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ErrorSchema } } };
}

/** The error responses most routes share, to spread into a route's `responses`. */
export const errorResponses = {
  400: errorResponse('Bad input; the message names the field.'),
  401: errorResponse('Not signed in, or the credential is not valid for this route.'),
  403: errorResponse('Signed in but not allowed (e.g. a foreign Origin).'),
  404: errorResponse('Not found, or not yours.'),
  409: errorResponse('Conflicts with what is stored.'),
  413: errorResponse('Request body too large.'),
  415: errorResponse('Content-Type must be application/json.'),
  429: errorResponse('Rate limited; see Retry-After.'),
} as const;

/** For routes behind conditionalGet: `If-None-Match` named the current ETag. */
export const notModified = {
  description: 'Not modified: the ETag sent in If-None-Match is current.',
};

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonRequestBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export const IdParams = z.object({
  id: z
    .uuid({ error: 'must be an id returned by this API' })
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** Routes behind requireSession (`sessionOnly`): a signed-in session, as cookie or Bearer. */
export const sessionOnlySecurity: Record<string, string[]>[] = [
  { sessionCookie: [] },
  { sessionBearer: [] },
];

/** Routes behind requireUser: a session, or a personal API token (`Bearer iowp_…`). */
export const sessionSecurity: Record<string, string[]>[] = [
  ...sessionOnlySecurity,
  { personalToken: [] },
];
