/** The signed-in user's own profile. */
import type { Clock } from '../../platform/clock.js';
import { bindRoutes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AccountWriter } from '../auth/account-writer.js';
import { personalRoutes } from './personal.routes.js';
import { PersonalService } from './personal.service.js';

export interface PersonalModuleDeps {
  accounts: AccountWriter;
  clock: Clock;
  time: TimeFormatter;
}

export function createPersonalModule(deps: PersonalModuleDeps) {
  const personal = new PersonalService(deps.accounts, deps.clock, deps.time);
  return { personal, routes: bindRoutes(personalRoutes, { personal, time: deps.time }) };
}
