/**
 * Each app's SMS: its own sms_config when it has one, else the environment's sender. The
 * adapters are stateless and cheap to build, so one is built per send from the settings read
 * then: an operator's change applies to the very next send on every instance, with no cache
 * to invalidate (send_code is rate-limited, so the one settings read per send is small).
 */
import { AppError, ErrorCode } from '../../platform/errors.js';
import type { ProviderDeps } from '../../providers/provider-definition.js';
import { smsProviderDefinition } from '../../providers/registry.js';
import type { SmsMessage, SmsSender } from '../../providers/sms/sms-sender.js';
import type { AppSettingsService } from './app-settings.service.js';

export class AppSmsSender implements SmsSender {
  readonly name = 'per-app';
  constructor(
    private readonly settings: AppSettingsService,
    private readonly environment: SmsSender,
    private readonly deps: ProviderDeps,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const own = await this.settings.sms(message.appId).catch((err: unknown) => {
      // A stored secret this server cannot open is a misconfigured SMS service, not a crash.
      if (err instanceof AppError && err.code === ErrorCode.Internal) throw new AppError(ErrorCode.SmsUnavailable, err.message);
      throw err;
    });
    const { provider, ...settings } = own;
    if (typeof provider !== 'string') return this.environment.send(message);
    const definition = smsProviderDefinition(provider);
    if (!definition?.create) throw new AppError(ErrorCode.SmsUnavailable, `SMS provider ${provider} has no adapter in this build`);
    return definition.create(this.deps, settings).send(message);
  }

  close(): Promise<void> | void {
    return this.environment.close?.();
  }
}
