import type { Client } from '../cases/api-helpers.js';

/**
 * The README's worked example: a hardware fault goes Identify → Research → Return → Resolve when the
 * product is hardware (a Surface), Research → Escalate → Resolve for an urgent case, else Research → Resolve.
 */
export const hardwareFault = (extra: Record<string, unknown> = {}) => ({
  name: 'Hardware fault',
  applicableWhen: { field: 'origin', op: 'in', value: ['phone', 'web'] },
  stages: [
    {
      key: 'identify',
      name: 'Identify',
      steps: [
        { key: 'product', kind: 'field', field: 'productId', label: 'Product', required: true },
        { key: 'serial', kind: 'checklist', label: 'Serial number recorded', required: true },
        { key: 'photo', kind: 'checklist', label: 'Photo of the fault' },
      ],
    },
    {
      key: 'research',
      name: 'Research',
      steps: [{ key: 'repro', kind: 'checklist', label: 'Fault reproduced', required: true }],
      branches: [
        { label: 'Hardware', when: { field: 'product', op: 'in', value: ['Surface Pro', 'Surface Laptop'] }, next: 'return' },
        { label: 'Urgent', when: { field: 'priority', op: 'equals', value: 'high' }, next: 'escalate' },
      ],
      next: 'resolve',
    },
    { key: 'return', name: 'Return', steps: [{ key: 'rma', kind: 'checklist', label: 'RMA issued', required: true }], next: 'resolve' },
    { key: 'escalate', name: 'Escalate', steps: [], next: 'resolve' },
    { key: 'resolve', name: 'Resolve', steps: [], next: null },
  ],
  ...extra,
});

export function processClient(api: Client) {
  const state = async (caseId: string) => {
    const res = await api.get(`/v1/cases/${caseId}/process`);
    if (res.statusCode !== 200) throw new Error(`GET process answered ${res.statusCode}: ${res.body}`);
    return { ...res.json(), etag: res.headers.etag as string };
  };
  const command = async (caseId: string, what: string, body: unknown = {}, etag?: string) =>
    api.post(`/v1/cases/${caseId}/process/${what}`, body, { 'if-match': etag ?? (await state(caseId)).etag });
  return {
    state,
    check: (caseId: string, step: string, etag?: string) => command(caseId, `steps/${step}/complete`, {}, etag),
    next: (caseId: string, etag?: string) => command(caseId, 'next', {}, etag),
    back: (caseId: string, etag?: string) => command(caseId, 'back', {}, etag),
    finish: (caseId: string, etag?: string) => command(caseId, 'finish', {}, etag),
    switchTo: (caseId: string, processId: string, etag?: string) => command(caseId, 'switch', { processId }, etag),
  };
}

export const stageKeys = (path: Array<{ key: string }>) => path.map((p) => p.key);
