/**
 * One-line, readable summaries of SLA actions for the Temporal UI (activity summaries) and the case
 * timeline, e.g. `Email owner+manager: CAS-000042 Resolve By breached`. Pure.
 */
import type { SlaActionDefinition } from '../../db/schema/slas.js';
import type { ActionPhase } from './kpi-state.js';

export const PHASE_WORDS: Record<ActionPhase, string> = { warning: 'at risk', failure: 'breached', success: 'met', pause_stale: 'paused too long' };

export interface ActionSummaryContext {
  caseNumber: string;
  kpiLabel: string;
  phase: ActionPhase;
}

export function actionSummary(action: SlaActionDefinition, ctx: ActionSummaryContext): string {
  const what = `${ctx.caseNumber} ${ctx.kpiLabel} ${PHASE_WORDS[ctx.phase]}`;
  switch (action.type) {
    case 'send_email':
      return `Email ${action.to.map((r) => (typeof r === 'string' ? r : r.address)).join('+')}: ${what}`;
    case 'escalate_to_queue':
      return `Escalate to ${action.queue ? `queue ${action.queue}` : 'the escalation queue'}: ${what}`;
    case 'set_case_field':
      return `Set ${action.field} = ${JSON.stringify(action.value)}: ${what}`;
  }
}
