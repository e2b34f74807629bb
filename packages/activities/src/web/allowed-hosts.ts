/**
 * The destination allow-list of the Web activity. An operator who runs untrusted pipelines limits where
 * a worker may send requests (no calls to cloud metadata endpoints or internal admin ports) by setting
 * `SLUICE_WEB_ALLOWED_HOSTS`; unset means every host is allowed.
 */
import { SluiceError } from '@sluice/engine';

/**
 * Parses the comma list: `api.example.com` (any port), `localhost:8080` (that port only),
 * `*.example.com` (any sub-domain). Empty or unset → undefined (everything allowed).
 */
export function parseAllowedHosts(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** True when `url` may be called under `allowed` (undefined = no list). */
export function isHostAllowed(url: URL, allowed: readonly string[] | undefined): boolean {
  if (!allowed) return true;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowed.some((entry) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
    const name = m?.[1] ?? entry;
    if (m?.[2] && m[2] !== port) return false;
    if (name.startsWith('*.')) return host.endsWith(name.slice(1));
    return host === name;
  });
}

/** Throws `WEB_DESTINATION_NOT_ALLOWED` when the URL's host is not in `SLUICE_WEB_ALLOWED_HOSTS`. */
export function assertHostAllowed(url: URL, env: NodeJS.ProcessEnv = process.env): void {
  const allowed = parseAllowedHosts(env.SLUICE_WEB_ALLOWED_HOSTS);
  if (!isHostAllowed(url, allowed)) {
    throw new SluiceError('WEB_DESTINATION_NOT_ALLOWED', `The host '${url.host}' is not in SLUICE_WEB_ALLOWED_HOSTS (${(allowed ?? []).join(', ')}): this worker may not call it.`, {}, { host: url.host });
  }
}
