import { describe, expect, it } from 'vitest';
import { renderTemplate, unknownPlaceholders, type EmailTemplateContext } from '../../src/sla/email-template.js';

const ctx: EmailTemplateContext = {
  case: { number: 'CAS-000042', title: 'Printer on fire' },
  kpi: 'Resolve By',
  item: 'Premium High',
  sla: 'Reference SLA',
  phase: 'failure',
  zone: 'Europe/Paris',
  warningAt: null,
  failureAt: { local: 'Tue 24 Nov 10:00 Europe/Paris', utc: 'Tue 24 Nov 09:00 UTC', iso: '2026-11-24T09:00:00.000Z' },
};

describe('SLA email template', () => {
  it('fills case and KPI fields', () => {
    expect(renderTemplate('[{{case.number}}] {{kpi}} breached: {{ case.title }} ({{item}}, {{sla}}, {{phase}})', ctx)).toBe(
      '[CAS-000042] Resolve By breached: Printer on fire (Premium High, Reference SLA, failure)',
    );
  });

  it('shows instants in the calendar zone and in UTC', () => {
    expect(renderTemplate('due {{failureAt}}', ctx)).toBe('due Tue 24 Nov 10:00 Europe/Paris (Tue 24 Nov 09:00 UTC)');
    expect(renderTemplate('{{failureAt.local}} | {{failureAt.utc}} | {{failureAt.iso}} | {{zone}}', ctx)).toBe(
      'Tue 24 Nov 10:00 Europe/Paris | Tue 24 Nov 09:00 UTC | 2026-11-24T09:00:00.000Z | Europe/Paris',
    );
  });

  it('accepts the flat spellings failureAtUtc and failureAtLocal', () => {
    expect(renderTemplate('{{failureAtLocal}} / {{failureAtUtc}}', ctx)).toBe('Tue 24 Nov 10:00 Europe/Paris / Tue 24 Nov 09:00 UTC');
    expect(unknownPlaceholders('{{failureAtUtc}} {{warningAtLocal}}')).toEqual([]);
  });

  it('renders a missing instant as none', () => {
    expect(renderTemplate('warning {{warningAt}} / {{warningAt.utc}}', ctx)).toBe('warning none / none');
  });

  it('leaves unknown placeholders visible and reports them for validation', () => {
    expect(renderTemplate('{{case.nunber}} {{kpi}}', ctx)).toBe('{{case.nunber}} Resolve By');
    expect(unknownPlaceholders('{{case.nunber}} {{kpi}} {{failureAt.local}} {{owner}} {{owner}}')).toEqual(['case.nunber', 'owner']);
  });
});
