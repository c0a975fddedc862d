import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { applyCalendarSignal, cancelSignal, pauseUpdate, resumeUpdate, succeedUpdate } from '../../workflows/contract.js';
import { startKpiWorkflow } from './kpi-workflow-client.js';
import { PermanentDeliveryError, type KpiWorkflowGateway } from './command-dispatcher.js';

const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;

/** Maps Temporal answers that retrying cannot change to PermanentDeliveryError. */
async function classify<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause instanceof Error ? err.cause.message : err.message;
      throw new PermanentDeliveryError(cause);
    }
    if (err instanceof WorkflowNotFoundError) throw new PermanentDeliveryError(`workflow closed or unknown: ${err.message}`);
    if (isGrpcServiceError(err) && (err.code === GRPC_NOT_FOUND || err.code === GRPC_FAILED_PRECONDITION)) {
      throw new PermanentDeliveryError(err.details ?? err.message);
    }
    throw err;
  }
}

export interface TemporalGatewayOptions {
  taskQueue: string;
  /** Upper bound for one Temporal call, so an unreachable server never holds a request for long. */
  callTimeoutMs?: number;
}

export function createTemporalKpiGateway(client: Client, options: TemporalGatewayOptions): KpiWorkflowGateway {
  const timeout = options.callTimeoutMs ?? 10_000;
  const withDeadline = <T>(fn: () => Promise<T>) => client.connection.withDeadline(Date.now() + timeout, () => classify(fn));
  const handle = (workflowId: string) => client.workflow.getHandle(workflowId);
  return {
    start: (input) =>
      withDeadline(async () => {
        try {
          await startKpiWorkflow(client, { taskQueue: options.taskQueue }, input);
        } catch (err) {
          // The business key already ran to completion: the command has been delivered before.
          if (err instanceof WorkflowExecutionAlreadyStartedError) return;
          throw err;
        }
      }),
    pause: (id, payload, updateId) => withDeadline(async () => void (await handle(id).executeUpdate(pauseUpdate, { args: [payload], updateId }))),
    resume: (id, payload, updateId) => withDeadline(async () => void (await handle(id).executeUpdate(resumeUpdate, { args: [payload], updateId }))),
    succeed: (id, payload, updateId) => withDeadline(async () => void (await handle(id).executeUpdate(succeedUpdate, { args: [payload], updateId }))),
    cancel: (id, payload) => withDeadline(() => handle(id).signal(cancelSignal, payload)),
    applyCalendar: (id, calendar) => withDeadline(() => handle(id).signal(applyCalendarSignal, { calendar })),
  };
}
