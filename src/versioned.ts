import { preconditionFailed } from './errors.js';

/** 412 unless the If-Match version (undefined: absent or `*`) is the current one. */
export function assertVersion(resource: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw preconditionFailed(`The ${resource} changed since you read it (If-Match names version ${expected}); read it again and reapply your change.`);
  }
}

/** The properties of `patch` whose values differ from `current`, or undefined when nothing changes. */
export function changedValues<T, P extends Partial<T>>(current: T, patch: P): P | undefined {
  const set = {} as P;
  let any = false;
  for (const key of Object.keys(patch) as Array<keyof P & keyof T>) {
    const value = patch[key];
    if (value === undefined || value === (current[key] as unknown)) continue;
    set[key] = value;
    any = true;
  }
  return any ? set : undefined;
}
