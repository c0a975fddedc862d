/** The workflow functions the SLA worker registers (this file is the bundle's `workflowsPath`). */
export { slaKpiWorkflow } from './sla-kpi.workflow.js';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow.js';
