/** The signed-in user's own profile. */
import type { Clock } from '../../platform/clock.js';
import { bindRoutes, type Routes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AccountLifecycleService } from '../auth/account-lifecycle.service.js';
import type { AccountWriter } from '../auth/account-writer.js';
import { accountRoutes } from './account.routes.js';
import { personalRoutes } from './personal.routes.js';
import { PersonalService } from './personal.service.js';

export interface PersonalModuleDeps {
  accounts: AccountWriter;
  lifecycle: AccountLifecycleService;
  clock: Clock;
  time: TimeFormatter;
}

export function createPersonalModule(deps: PersonalModuleDeps) {
  const personal = new PersonalService(deps.accounts, deps.clock, deps.time);
  const profile = bindRoutes(personalRoutes, { personal, time: deps.time });
  const account = bindRoutes(accountRoutes, { lifecycle: deps.lifecycle, time: deps.time });
  return {
    personal,
    routes: async (app: Parameters<Routes>[0]) => {
      await profile(app);
      await account(app);
    },
  };
}
