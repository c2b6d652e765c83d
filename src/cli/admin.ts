/**
 * `npm run admin -- <command>`: manager accounts from the shell, for first set-up and for
 * locked-out operators.
 *   create-manager --username U --password P [--role super|operator] [--app-ids a,b]
 *   reset-password --username U --password P
 *   list-managers
 *   disable-totp --username U   (or: disable-totp U) turns a locked-out manager's second factor off
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { AppError, MESSAGES } from '../platform/errors.js';

const USAGE = `usage: npm run admin -- <command> [options]
  create-manager --username U --password P [--role super|operator] [--app-ids a,b]
  reset-password --username U --password P
  list-managers
  disable-totp --username U     turn the manager's second factor (TOTP) off`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', default: 'operator' },
      'app-ids': { type: 'string', default: '' },
    },
  });
  const command = positionals[0];
  if (!command || !['create-manager', 'reset-password', 'list-managers', 'disable-totp'].includes(command)) fail(USAGE);

  const config = { ...loadConfig(), adminUsername: undefined, adminPassword: undefined, worker: false };
  const container = await createContainer(config, { logger: pino({ level: 'silent' }) });
  const actor = { managerId: 0, ip: 'cli' };
  try {
    if (command === 'list-managers') {
      const { rows } = await container.managersAdmin.list({ pageNo: 1, pageSize: 1000, offset: 0 });
      for (const m of rows) process.stdout.write(`${m.id}\t${m.username}\t${m.role}\t${m.app_ids}\n`);
      return;
    }
    if (command === 'disable-totp') {
      const name = values.username ?? positionals[1];
      if (!name) fail(`--username is required\n${USAGE}`);
      const m = await container.managerTotp.turnOffByUsername(name);
      process.stdout.write(`two-factor sign-in turned off for manager ${m.id} ${m.username}\n`);
      return;
    }
    const { username, password } = values;
    if (!username || !password) fail(`--username and --password are required\n${USAGE}`);
    if (command === 'create-manager') {
      if (values.role !== 'super' && values.role !== 'operator') fail('--role must be super or operator');
      const appIds = (values['app-ids'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const m = await container.managersAdmin.create({ username, password, role: values.role, app_ids: appIds }, actor);
      process.stdout.write(`created manager ${m.id} ${m.username} (${m.role})\n`);
    } else {
      const m = await container.managersAdmin.resetPassword(username, password);
      process.stdout.write(`password reset for manager ${m.id} ${m.username}; its sessions were ended\n`);
    }
  } finally {
    await container.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) fail(err.message);
  if (err instanceof AppError) {
    const fields = err.fields?.map((f) => `${f.field}: ${f.reason}`).join('; ');
    fail(`error ${err.code}: ${MESSAGES.en[err.code]}${fields ? ` (${fields})` : ''}`);
  }
  fail(`failed: ${err instanceof Error ? err.message : String(err)}`);
});
