/**
 * SLA items that measure a process stage: `applicableFrom: "stage:<key>"` starts the item's clock when
 * the case enters that stage, and the clock succeeds when the case completes the stage (moves on from it
 * or finishes the process there). Leaving the stage backwards, switching process or closing the case
 * cancels it. Such an item needs no success criteria: the stage decides.
 */
export const STAGE_PREFIX = 'stage:';

export function stageOfItem(applicableFrom: unknown): string | null {
  return typeof applicableFrom === 'string' && applicableFrom.startsWith(STAGE_PREFIX) ? applicableFrom.slice(STAGE_PREFIX.length) : null;
}
