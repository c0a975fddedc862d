export * from './auth.js';
export * from './customers.js';
export * from './queues.js';
export * from './cases.js';
export * from './calendars.js';
export * from './slas.js';
export * from './entitlements.js';
export * from './audit.js';
