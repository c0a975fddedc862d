import type { SlaInput } from '../../src/sla/sla-schemas.js';

const premiumOrEnterprise = { field: 'serviceLevel', op: 'in', value: ['premium', 'enterprise'] };
const high = { field: 'priority', op: 'equals', value: 'high' };

function actions(kpiField: string) {
  return {
    warningActions: [
      { type: 'send_email' as const, to: ['owner' as const], subject: 'Warning: {{kpi}} for {{case.number}} due {{failureAt}}', body: '{{case.number}} {{case.title}}: {{kpi}} is at risk; due {{failureAt}} ({{failureAtUtc}}).' },
    ],
    failureActions: [
      { type: 'send_email' as const, to: ['owner' as const, 'manager' as const], subject: 'Breached: {{kpi}} for {{case.number}}', body: '{{case.number}} {{case.title}}: {{kpi}} was due {{failureAt}} ({{failureAtUtc}}).' },
      { type: 'set_case_field' as const, field: kpiField, value: 'no' },
      { type: 'escalate_to_queue' as const },
    ],
  };
}

/** The reference three-tier SLA of spec §4, with warnings at half time. */
export function referenceSla(calendarId: string | null, isDefault = true): SlaInput {
  const tier = (name: string, when: unknown, frMinutes: number, resolveMinutes: number) => [
    { name: `${name}: first response`, kpi: 'first_response', applicableWhen: when as never, warning: { minutes: frMinutes / 2 }, failure: { minutes: frMinutes }, ...actions('firstResponseSlaMet') },
    { name: `${name}: resolve`, kpi: 'resolve', applicableWhen: when as never, warning: { minutes: resolveMinutes / 2 }, failure: { minutes: resolveMinutes }, ...actions('resolutionSlaMet') },
  ];
  return {
    name: 'Reference three-tier SLA',
    calendarId,
    allowPause: true,
    isDefault,
    items: [
      ...tier('Premium/Enterprise high', { and: [premiumOrEnterprise, high] }, 60, 540),
      ...tier('Premium/Enterprise not high', { and: [premiumOrEnterprise, { not: high }] }, 240, 1080),
      ...tier('Standard', { field: 'serviceLevel', op: 'equals', value: 'standard' }, 540, 2700),
    ],
  };
}
