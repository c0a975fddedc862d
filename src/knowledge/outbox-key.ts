/** Outbox rows of articles sent from a case: delivered after the commit, retried by the worker's outbox sweep. */
export const KNOWLEDGE_OUTBOX_KEY_PREFIX = 'knowledge:';
