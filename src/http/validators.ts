import AjvCompiler from '@fastify/ajv-compiler';

type BuildValidator = ReturnType<typeof AjvCompiler>;

/**
 * Request validators: the query string and path parameters are text, so ajv coerces them to the schema's
 * types ("?limit=20", repeated "?status=a&status=b" into an array); a JSON body is taken exactly as sent
 * (a number where a string is expected is a 400, never silently turned into text).
 */
export function buildRequestValidator(): BuildValidator {
  const pool = AjvCompiler();
  return ((externalSchemas, options) => {
    const coercing = pool(externalSchemas, options);
    const exact = pool(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } } as typeof options);
    return (route) => (route.httpPart === 'body' ? exact(route) : coercing(route));
  }) as BuildValidator;
}
