/**
 * Who made a change. Routes pass the API key of the request; work the system does on its own records a
 * system actor: the SLA engine (KPI workflow transitions and SLA actions, written by the worker) or the
 * system itself (rows recorded before actors were kept, and code paths no key drives).
 */
export type Actor =
  | { kind: 'api_key'; apiKeyId: string; name: string }
  | { kind: 'sla'; name: string }
  | { kind: 'system'; name: string };

export type ActorKind = Actor['kind'];
export const actorKinds = ['api_key', 'sla', 'system'] as const satisfies readonly ActorKind[];

export const SLA_ENGINE: Actor = { kind: 'sla', name: 'SLA engine' };
export const SYSTEM: Actor = { kind: 'system', name: 'System' };

export function apiKeyActor(key: { id: string; name: string }): Actor {
  return { kind: 'api_key', apiKeyId: key.id, name: key.name };
}

/** The actor columns every audited table shares (`actor_kind`, `actor_api_key_id`, `actor_name`). */
export interface ActorColumns {
  actorKind: ActorKind;
  actorApiKeyId: string | null;
  actorName: string;
}

export function actorColumns(actor: Actor): ActorColumns {
  return { actorKind: actor.kind, actorApiKeyId: actor.kind === 'api_key' ? actor.apiKeyId : null, actorName: actor.name };
}

/** How an actor is shown: always the three properties, `apiKeyId` null for system actors. */
export interface ActorView {
  kind: ActorKind;
  apiKeyId: string | null;
  name: string;
}

export function actorView(columns: ActorColumns): ActorView {
  return { kind: columns.actorKind, apiKeyId: columns.actorApiKeyId, name: columns.actorName };
}
