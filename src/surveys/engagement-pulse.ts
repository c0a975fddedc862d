import { randomUUID } from 'node:crypto';
import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agents } from '../../db/schema/index.js';
import { unprocessable } from '../errors.js';
import type { Actor } from '../audit/actor.js';
import { issueSurvey, type SurveyIssueOptions } from './issue-survey.js';

export interface PulseResult {
  roundId: string;
  issued: number;
  expiresAt: Date;
}

/**
 * An engagement pulse: one survey per agent (all agents, or the ones named), each with its own link in an
 * email. Agents answer through the link, not with their API key: keys are not tied to agents, and an
 * answer made with a key would name its author. The answers are stored without agent, survey or time of
 * day (src/surveys/answer-survey.ts).
 */
export async function issueEngagementPulse(db: Db, agentIds: string[] | undefined, options: SurveyIssueOptions, at: Date, actor: Actor): Promise<PulseResult> {
  return db.transaction(async (tx) => {
    const query = tx.select({ id: agents.id, email: agents.email, name: agents.name }).from(agents);
    const recipients = await (agentIds ? query.where(inArray(agents.id, agentIds)) : query).orderBy(asc(agents.id));
    if (agentIds) {
      const found = new Set(recipients.map((a) => a.id));
      const missing = agentIds.filter((id) => !found.has(id));
      if (missing.length) throw unprocessable('AGENT_NOT_FOUND', `body.agentIds: no agent with id "${missing[0]}"`, { field: 'body.agentIds', ids: missing });
    }
    if (recipients.length === 0) throw unprocessable('NO_AGENTS', 'There are no agents to send a pulse to; create agents first (POST /v1/agents).');
    const roundId = randomUUID();
    let expiresAt = at;
    for (const a of recipients) {
      const s = await issueSurvey(tx, { kind: 'engagement', trigger: 'on_demand', roundId, recipient: { email: a.email, name: a.name, agentId: a.id } }, options, at, actor);
      expiresAt = s.expiresAt;
    }
    return { roundId, issued: recipients.length, expiresAt };
  });
}
