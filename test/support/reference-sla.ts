/**
 * The reference three-tier SLA of spec §4 as an API body (POST /v1/slas). Durations are given in
 * minutes/hours so the stored business minutes do not depend on the calendar's working-day length.
 * (Reconstructed: see the SLA workflow helper's report.)
 */
import type { SlaInput } from '../../src/sla/sla-schemas.js';

type Action = NonNullable<SlaInput['items'][number]['failureActions']>[number];

const premiumOrEnterprise = { field: 'serviceLevel', op: 'in', value: ['premium', 'enterprise'] };
const high = { field: 'priority', op: 'equals', value: 'high' };

function actions(kpi: 'first_response' | 'resolve'): { warningActions: Action[]; failureActions: Action[] } {
  return {
    warningActions: [
      { type: 'send_email', to: ['owner'], subject: '[{{case.number}}] {{kpi}} at risk: due {{failureAt.local}}', body: 'Case {{case.number}} "{{case.title}}" must meet {{kpi}} by {{failureAt}}.' },
    ],
    failureActions: [
      { type: 'send_email', to: ['owner', 'manager'], subject: '[{{case.number}}] {{kpi}} breached', body: 'Case {{case.number}} "{{case.title}}" missed {{kpi}}, due {{failureAt}}.' },
      { type: 'set_case_field', field: kpi === 'first_response' ? 'firstResponseSlaMet' : 'resolutionSlaMet', value: 'no' },
      { type: 'escalate_to_queue' },
    ],
  };
}

/** Items in order: Premium/Enterprise + High, Premium/Enterprise + not High, Standard; FR then Resolve. */
export function referenceSla(calendarId: string | null, isDefault = true): SlaInput {
  const tiers = [
    { name: 'Premium/Enterprise, High', when: { and: [premiumOrEnterprise, high] }, fr: 60, resolve: 540 },
    { name: 'Premium/Enterprise, not High', when: { and: [premiumOrEnterprise, { not: high }] }, fr: 240, resolve: 1080 },
    { name: 'Standard', when: { field: 'serviceLevel', op: 'equals', value: 'standard' }, fr: 540, resolve: 2700 },
  ];
  return {
    name: 'Reference SLA',
    description: 'Three tiers (spec §4): warning at half the time, failure escalates.',
    calendarId,
    allowPause: true,
    isDefault,
    items: tiers.flatMap((t) =>
      (['first_response', 'resolve'] as const).map((kpi) => {
        const minutes = kpi === 'first_response' ? t.fr : t.resolve;
        return {
          name: t.name,
          kpi,
          applicableWhen: t.when,
          warning: { minutes: minutes / 2 },
          failure: minutes % 60 === 0 ? { hours: minutes / 60 } : { minutes },
          ...actions(kpi),
        };
      }),
    ),
  };
}
