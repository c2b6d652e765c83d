/** The signed-in user's own profile. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { bindRoutes, type Routes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AccountLifecycleService } from '../auth/account-lifecycle.service.js';
import type { AccountWriter } from '../auth/account-writer.js';
import { accountRoutes } from './account.routes.js';
import { personalRoutes } from './personal.routes.js';
import { PersonalService } from './personal.service.js';
import { avatarRoutes } from './avatar.routes.js';
import { AvatarRepository } from './avatar.repository.js';
import { AvatarService } from './avatar.service.js';

export interface PersonalModuleDeps {
  accounts: AccountWriter;
  lifecycle: AccountLifecycleService;
  clock: Clock;
  time: TimeFormatter;
  db: Kysely<Database>;
  /** PUBLIC_URL: base of the avatar URLs handed out. */
  publicUrl: string | undefined;
}

export function createPersonalModule(deps: PersonalModuleDeps) {
  const avatars = new AvatarRepository(deps.db);
  const personal = new PersonalService(deps.accounts, deps.clock, deps.time, (trx, user) =>
    avatars.deleteForUser(trx, user.app_id, user.id),
  );
  const avatarService = new AvatarService(deps.accounts, avatars, deps.clock);
  const routes: Routes[] = [
    bindRoutes(personalRoutes, { personal, time: deps.time }),
    bindRoutes(accountRoutes, { lifecycle: deps.lifecycle, time: deps.time }),
    bindRoutes(avatarRoutes, { avatars: avatarService, time: deps.time, publicUrl: deps.publicUrl }),
  ];
  return {
    personal,
    avatars,
    avatarService,
    routes: async (app: Parameters<Routes>[0]) => {
      for (const r of routes) await r(app);
    },
  };
}
