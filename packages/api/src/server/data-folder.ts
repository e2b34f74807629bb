import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { generateSecretKey, type Keys } from '@sluice/engine/runtime';
import type { ApiKeyStore } from './api-keys.js';

/** The files Sluice keeps in its data folder (`SLUICE_DATA_DIR`, default `./.sluice`). */
export const SECRET_KEY_FILE = 'secret.key';
export const ADMIN_KEY_FILE = 'admin.key';

async function writePrivate(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

/**
 * The key sealing secrets: `SLUICE_SECRET_KEY` when set; else the data folder's `secret.key`, generated
 * (32 random bytes, base64, mode 600) when `create` is true — what `sluice start` does on a fresh clone.
 * Every process of one installation must use the same key (workers decrypt what the API sealed).
 */
export async function ensureSecretKey(dataDir: string, configured: string | undefined, create: boolean): Promise<string | undefined> {
  if (configured) return configured;
  const path = join(dataDir, SECRET_KEY_FILE);
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  if (!create) return undefined;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = generateSecretKey();
  await writePrivate(path, `${key}\n`);
  return key;
}

/**
 * Makes sure an admin can get in: when no admin key exists in Redis, creates one (once across processes
 * starting together), writes it to the data folder's `admin.key` (mode 600) and returns it so the caller
 * prints it once. Returns undefined when an admin key already exists.
 */
export async function ensureAdminKey(apiKeys: ApiKeyStore, redis: Redis, keys: Keys, dataDir: string): Promise<{ key: string; file: string } | undefined> {
  if (await apiKeys.hasAdmin()) return undefined;
  if ((await redis.set(`${keys.base}:apikeys:bootstrap`, '1', 'EX', 30, 'NX')) !== 'OK') return undefined;
  const { key } = await apiKeys.create('first admin (created on first start)', 'admin');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, ADMIN_KEY_FILE);
  await writePrivate(file, `${key}\n`);
  return { key, file };
}
