import { Type, type Static } from '@sinclair/typebox';
import { actorKinds, type ActorView as ActorValue } from '../../audit/actor.js';
import { Nullable, StringEnum, Uuid } from './common.js';

/** Who made a change: an API key (id and name), or a system actor (`sla`: the SLA engine; `system`). */
export const ActorView = Type.Object(
  {
    kind: StringEnum(actorKinds),
    apiKeyId: Nullable(Uuid),
    name: Type.String({ description: 'The API key’s name at the time, or "SLA engine" / "System"' }),
  },
  { description: 'Who made the change: an API key, or a system actor (kind sla: the SLA engine; kind system)' },
);

export const toActorView = (a: ActorValue): Static<typeof ActorView> => ({ kind: a.kind, apiKeyId: a.apiKeyId, name: a.name });
