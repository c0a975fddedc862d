import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeadlineRequest, DeadlineResponse, ElapsedRequest, ElapsedResponse } from '../../calendars/calendar-schemas.js';
import { whatIfDeadline, whatIfElapsed } from '../../calendars/what-if.js';
import { problems } from '../schemas/common.js';

const tags = ['business time'];

const errors =
  'Instants must carry an offset (spec §1.6): without one it is 400 INSTANT_WITHOUT_OFFSET naming the field (body.start, body.pauses[0].from, ...). ' +
  'An invalid inline calendar is 400 CALENDAR_INVALID with its problems; a calendar without business time in reach is 422 NO_BUSINESS_TIME; ' +
  'a budget not used up before an open-ended pause is 422 DEADLINE_UNDEFINED.';

/** What-if business-time arithmetic on a stored or inline calendar (any role); nothing is stored. */
const businessTimeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/business-time/deadline',
    {
      schema: {
        tags,
        summary: 'When is a business-time duration used up? (what-if deadline with explanation)',
        description: `Spec §1.4: the earliest instant at or after the first open instant at or after start with the duration of business time elapsed, outside pauses. ${errors}`,
        body: DeadlineRequest,
        response: { 200: DeadlineResponse, ...problems(404, 422) },
      },
    },
    async (request) => whatIfDeadline(app.db, request.body),
  );

  app.post(
    '/v1/business-time/elapsed',
    {
      schema: {
        tags,
        summary: 'How much business time lies between two instants? (what-if elapsed with explanation)',
        description: `Spec §1.5: business minutes in [from, to) outside pauses; negative when to is before from. ${errors}`,
        body: ElapsedRequest,
        response: { 200: ElapsedResponse, ...problems(404, 422) },
      },
    },
    async (request) => whatIfElapsed(app.db, request.body),
  );
};

export default businessTimeRoutes;
