/**
 * Every migration, in order. Names are timestamped and never change once landed; a new
 * change to the schema is a new file added here.
 */
import type { Migration } from 'kysely';
import * as initial from './2026_11_28_0001_initial.js';
import * as appSmsConfig from './2026_12_01_0001_app_sms_config.js';
import * as sessionLastUsed from './2026_12_01_0002_session_last_used.js';
import * as pushExtras from './2026_12_01_0003_push_extras.js';
import * as avatars from './2026_12_01_0004_avatars.js';
import * as managerTotp from './2026_12_01_0005_manager_totp.js';
import * as statsIndexes from './2026_12_01_0006_stats_indexes.js';
import * as tokenKeys from './2026_12_02_0001_token_keys.js';
import * as tokenUserIndex from './2026_12_03_0001_token_user_index.js';
import * as rateReserveFunction from './2026_12_04_0001_rate_reserve_function.js';

export const migrations: Record<string, Migration> = {
  '2026_11_28_0001_initial': initial,
  '2026_12_01_0001_app_sms_config': appSmsConfig,
  '2026_12_01_0002_session_last_used': sessionLastUsed,
  '2026_12_01_0003_push_extras': pushExtras,
  '2026_12_01_0004_avatars': avatars,
  '2026_12_01_0005_manager_totp': managerTotp,
  '2026_12_01_0006_stats_indexes': statsIndexes,
  '2026_12_02_0001_token_keys': tokenKeys,
  '2026_12_03_0001_token_user_index': tokenUserIndex,
  '2026_12_04_0001_rate_reserve_function': rateReserveFunction,
};
