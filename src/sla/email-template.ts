/**
 * SLA email templates (spec §3): `{{placeholder}}` substitution over case and KPI fields. Pure.
 *
 * | Placeholder | Example |
 * |---|---|
 * | `{{case.number}}`, `{{case.title}}` | `CAS-000042`, `Printer on fire` |
 * | `{{kpi}}`, `{{item}}`, `{{sla}}` | `Resolve By`, `Premium High`, `Reference SLA` |
 * | `{{phase}}` | `warning`, `failure`, `success` or `pause_stale` (a stale-pause alert) |
 * | `{{warningAt}}`, `{{failureAt}}` | `Tue 24 Nov 10:00 Europe/Paris (Tue 24 Nov 09:00 UTC)` |
 * | `{{warningAt.local}}`, `{{failureAt.local}}` (also `{{failureAtLocal}}`) | `Tue 24 Nov 10:00 Europe/Paris` |
 * | `{{warningAt.utc}}`, `{{failureAt.utc}}` (also `{{failureAtUtc}}`) | `Tue 24 Nov 09:00 UTC` |
 * | `{{warningAt.iso}}`, `{{failureAt.iso}}` | `2026-11-24T09:00:00.000Z` |
 * | `{{zone}}` | `Europe/Paris` |
 *
 * Whitespace inside the braces is allowed (`{{ case.number }}`). An unknown placeholder is left as
 * written, so a typo shows in the email; `unknownPlaceholders()` lets an SLA editor reject it on save.
 * An instant that does not exist (no warning configured) renders as `none`.
 */

export interface InstantText {
  /** In the calendar's zone, e.g. `Tue 24 Nov 10:00 Europe/Paris`. */
  local: string;
  /** In UTC, e.g. `Tue 24 Nov 09:00 UTC`. */
  utc: string;
  iso: string;
}

export interface EmailTemplateContext {
  case: { number: string; title: string };
  kpi: string;
  item: string;
  sla: string;
  phase: 'warning' | 'failure' | 'success' | 'pause_stale';
  zone: string;
  warningAt: InstantText | null;
  failureAt: InstantText | null;
}

export const TEMPLATE_PLACEHOLDERS = [
  'case.number',
  'case.title',
  'kpi',
  'item',
  'sla',
  'phase',
  'zone',
  ...(['warningAt', 'failureAt'] as const).flatMap((k) => [k, `${k}.local`, `${k}.utc`, `${k}.iso`, `${k}Local`, `${k}Utc`]),
] as const;

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

function instant(text: InstantText | null, part: 'both' | 'local' | 'utc' | 'iso'): string {
  if (!text) return 'none';
  if (part === 'both') return `${text.local} (${text.utc})`;
  return text[part];
}

function valueOf(name: string, ctx: EmailTemplateContext): string | undefined {
  switch (name) {
    case 'case.number':
      return ctx.case.number;
    case 'case.title':
      return ctx.case.title;
    case 'kpi':
      return ctx.kpi;
    case 'item':
      return ctx.item;
    case 'sla':
      return ctx.sla;
    case 'phase':
      return ctx.phase;
    case 'zone':
      return ctx.zone;
  }
  const m = /^(warningAt|failureAt)(?:\.(local|utc|iso)|(Local|Utc))?$/.exec(name);
  if (m) {
    const part = (m[2] ?? m[3]?.toLowerCase()) as 'local' | 'utc' | 'iso' | undefined;
    return instant(ctx[m[1] as 'warningAt' | 'failureAt'], part ?? 'both');
  }
  return undefined;
}

export function renderTemplate(template: string, ctx: EmailTemplateContext): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => valueOf(name, ctx) ?? whole);
}

/** Placeholders in `template` that `renderTemplate` does not know (for validation on save). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((n) => !known.has(n)))];
}
