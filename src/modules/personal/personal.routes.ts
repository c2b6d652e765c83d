/** GET/PUT /api/personal/info. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PersonalService } from './personal.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { UserRow } from '../../db/tables.js';
import { AnswerCache } from '../../platform/answer-cache.js';
import { ok, success } from '../../platform/schemas.js';
import { toUserView, UserSchema } from '../auth/user.view.js';

const UpdateBody = Type.Object({
  nickname: Type.Optional(Type.String({ maxLength: 32 })),
  avatar: Type.Optional(Type.String({ maxLength: 512 })),
  gender: Type.Optional(
    Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { description: '0 female, 1 male, 2 undisclosed' }),
  ),
  birthday: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD or ""' })),
  address: Type.Optional(Type.String({ maxLength: 255 })),
});

export interface PersonalRoutesDeps {
  personal: PersonalService;
  time: TimeFormatter;
}

export const personalRoutes: FastifyPluginAsyncTypebox<PersonalRoutesDeps> = async (app, { personal, time }) => {
  // Rows of cached sessions are frozen and replaced when the user changes (session-cache.ts).
  const answers = new AnswerCache<UserRow>();
  app.get(
    '/api/personal/info',
    { config: { auth: 'user' }, schema: { tags: ['personal'], summary: 'Current user profile', response: ok(UserSchema) } },
    (req, reply) => {
      const user = req.user();
      answers.send(reply, user, () => success(toUserView(user, time)));
    },
  );

  app.put(
    '/api/personal/info',
    { config: { auth: 'user' }, schema: { tags: ['personal'], summary: 'Update own profile', body: UpdateBody, response: ok(UserSchema) } },
    async (req) => success(toUserView(await personal.update(req.user(), req.body), time)),
  );
};
