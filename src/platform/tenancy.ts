/**
 * Resolves X-App-Id to a known app. Apps change rarely and are read on every request, so
 * known ids are cached briefly; creating an app here drops the cache at once, and other
 * instances see it within APP_CACHE_MS.
 */
import { AppError, ErrorCode } from './errors.js';

/** What the directory needs of the apps' store (modules/apps/app.repository.ts). */
export interface AppLookup {
  exists(appId: string): Promise<boolean>;
}

const APP_CACHE_MS = 5000;
const MAX_APP_ID_LENGTH = 64;

export class AppDirectory {
  private known = new Map<string, number>();

  constructor(private readonly apps: AppLookup) {}

  /** The app id a request acts in: "" (default app) when the header is absent. Synchronous when known. */
  resolve(header: string | string[] | undefined, now = Date.now()): string | Promise<string> {
    const appId = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
    if (appId === '') return '';
    const seen = this.known.get(appId);
    if (seen !== undefined && now - seen < APP_CACHE_MS) return appId;
    return this.lookup(appId, now);
  }

  private async lookup(appId: string, now: number): Promise<string> {
    if (appId.length > MAX_APP_ID_LENGTH)
      throw new AppError(ErrorCode.InvalidField, 'X-App-Id too long', [{ field: 'X-App-Id', reason: 'unknown app' }]);
    if (!(await this.apps.exists(appId)))
      throw new AppError(ErrorCode.InvalidField, `unknown app ${appId}`, [{ field: 'X-App-Id', reason: 'unknown app' }]);
    if (this.known.size > 10000) this.known.clear();
    this.known.set(appId, now);
    return appId;
  }

  forget(appId?: string): void {
    if (appId === undefined) this.known.clear();
    else this.known.delete(appId);
  }
}
