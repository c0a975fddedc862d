/** A schema validation failure as the 400 VALIDATION_FAILED problem: the field and what to fix. */
export interface SchemaError {
  keyword?: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

export interface FieldError {
  field: string;
  message: string;
}

const depthOf = (e: SchemaError) => (e.instancePath.match(/\//g) ?? []).length;

/**
 * Ajv reports one error per alternative of an anyOf (e.g. a duration is {minutes} | {hours} | {businessDays}).
 * The most specific one comes first: the error deepest inside the value that was sent, so that
 * `{"hours": 1e308}` is reported as `hours must be <= 100000`, not as a missing `minutes`.
 */
function mostSpecificFirst(errors: SchemaError[]): SchemaError[] {
  const candidates = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  if (candidates.length === 0) return errors;
  const best = candidates.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a));
  return [best, ...errors.filter((e) => e !== best)];
}

export function validationErrors(validation: SchemaError[], where: string): FieldError[] {
  return mostSpecificFirst(validation).map((v) => {
    const missing = v.params && typeof v.params.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
    const extra = v.params && typeof v.params.additionalProperty === 'string' ? `/${v.params.additionalProperty}` : '';
    const field = `${where}${v.instancePath}${missing}${extra}`.replace(/\//g, '.');
    let message = v.message ?? 'is invalid';
    if (extra) message = 'is not a known property';
    if (v.params && Array.isArray(v.params.allowedValues)) message += `: ${v.params.allowedValues.join(', ')}`;
    return { field, message };
  });
}
