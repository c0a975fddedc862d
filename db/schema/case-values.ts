/**
 * The case enumerations, in a module that imports nothing: entitlements.ts needs them while cases.ts is
 * still being evaluated (cases → products → entitlements → cases), which plain Node ESM (`npm start`)
 * answers with "Cannot access 'caseOrigins' before initialization".
 */
export const casePriorities = ['low', 'normal', 'high'] as const;
export const caseOrigins = ['phone', 'email', 'web', 'facebook', 'twitter', 'iot'] as const;
export const activeCaseStatuses = ['in_progress', 'on_hold', 'waiting_for_details', 'researching'] as const;
export const caseStatuses = [...activeCaseStatuses, 'resolved', 'cancelled'] as const;
export type CasePriority = (typeof casePriorities)[number];
export type CaseOrigin = (typeof caseOrigins)[number];
export type CaseStatus = (typeof caseStatuses)[number];
