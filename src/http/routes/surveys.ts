import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { answerSurvey, surveyForm } from '../../surveys/answer-survey.js';
import { customerSurveys } from '../../surveys/customer-surveys.js';
import { issueEngagementPulse } from '../../surveys/engagement-pulse.js';
import { issueNpsToAccount, issueNpsToContact } from '../../surveys/nps-surveys.js';
import type { SurveyConfig } from '../../config.js';
import { actorOf } from '../actor.js';
import { IdParams, Page, PageQuery, problemAnswer, problems } from '../schemas/common.js';
import {
  CustomerSurveyView,
  NpsIssueBody,
  NpsIssueView,
  PulseBody,
  PulseView,
  SurveyAnswerBody,
  SurveyAnswerView,
  SurveyFormView,
  TokenParams,
  toCustomerSurveyView,
  toFormView,
  toNpsIssueView,
} from '../schemas/surveys.js';

const tags = ['surveys'];

/** The answers of the public survey routes: no key, so no 401/403; a link's own states are 404, 409, 410. */
const publicProblems = (...statuses: number[]) => Object.fromEntries([400, 404, 409, 410, 429, ...statuses].map((s) => [s, problemAnswer(s)]));

/**
 * Surveys: the public link routes (no API key; rate limited per client address), issuing NPS surveys and
 * engagement pulses (manager), and a customer's surveys (any key). CSAT surveys are issued by the case
 * lifecycle on resolution (src/surveys/csat-listener.ts).
 */
const surveyRoutes: FastifyPluginAsyncTypebox<{ surveys: SurveyConfig }> = async (app, { surveys: config }) => {
  const publicRoute = {
    public: true,
    rateLimit: {
      max: config.answersPerMinute,
      timeWindow: '1 minute',
      keyGenerator: (request: { ip: string }) => `survey:${request.ip}`,
      allowList: () => false,
      errorResponseBuilder: (_request: unknown, context: { max: number; ttl: number }) => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `At most ${context.max} survey requests per minute from one address; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`,
      }),
    },
  };
  const nps = { linkBaseUrl: config.linkBaseUrl, expiryDays: config.expiryDays, periodDays: config.npsPeriodDays };

  app.get(
    '/v1/surveys/:token',
    {
      config: publicRoute,
      schema: { tags, security: [], summary: 'The question behind a survey link (public: the token is the credential)', params: TokenParams, response: { 200: SurveyFormView, ...publicProblems() } },
    },
    async (request) => toFormView(await surveyForm(app.db, request.params.token, app.now())),
  );

  app.post(
    '/v1/surveys/:token',
    {
      config: publicRoute,
      schema: {
        tags,
        security: [],
        summary: 'Answer a survey (public; one answer per link: a second is 409, an expired link 410)',
        params: TokenParams,
        body: SurveyAnswerBody,
        response: { 201: SurveyAnswerView, ...publicProblems(413, 415) },
      },
    },
    async (request, reply) => {
      const answer = await answerSurvey(app.db, request.params.token, request.body, app.now());
      return reply.code(201).send({ kind: answer.kind, score: answer.score, answeredAt: answer.answeredAt.toISOString() });
    },
  );

  app.post(
    '/v1/surveys/nps',
    {
      config: { role: 'manager' },
      schema: {
        tags,
        summary: 'Send NPS surveys now: to one contact, or to every contact of an account (at most one per contact per NPS_PERIOD_DAYS)',
        body: NpsIssueBody,
        response: { 201: NpsIssueView, ...problems(409, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { contactId, accountId } = request.body;
      const result = contactId
        ? await issueNpsToContact(app.db, contactId, nps, app.now(), actor)
        : await issueNpsToAccount(app.db, accountId!, nps, app.now(), actor);
      return reply.code(201).send(toNpsIssueView(result));
    },
  );

  app.post(
    '/v1/surveys/engagement',
    {
      config: { role: 'manager' },
      schema: {
        tags,
        summary: 'Send an anonymous engagement pulse to every agent (or the ones named): one link each, by email',
        body: PulseBody,
        response: { 201: PulseView, ...problems(422) },
      },
    },
    async (request, reply) => {
      const pulse = await issueEngagementPulse(app.db, request.body.agentIds, config, app.now(), actorOf(request));
      return reply.code(201).send({ roundId: pulse.roundId, issued: pulse.issued, expiresAt: pulse.expiresAt.toISOString() });
    },
  );

  for (const owner of ['contact', 'account'] as const) {
    app.get(
      `/v1/${owner}s/:id/surveys`,
      {
        schema: {
          tags,
          summary: `The CSAT and NPS surveys of a${owner === 'account' ? 'n account' : ' contact'} and their answers (newest first)`,
          params: IdParams,
          querystring: Type.Object({ ...PageQuery }),
          response: { 200: Page(CustomerSurveyView), ...problems(404) },
        },
      },
      async (request) => {
        const who = owner === 'contact' ? { contactId: request.params.id } : { accountId: request.params.id };
        const page = await customerSurveys(app.db, who, request.query, app.now());
        return { items: page.items.map(toCustomerSurveyView), nextCursor: page.nextCursor };
      },
    );
  }
};

export default surveyRoutes;
