import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { SluiceError } from '../errors/index.js';
import { isPlainObject } from '../expressions/values.js';
import { SECURE_MARKER, isSecureString, mapSecureStrings, maskSecureStrings } from './secure-values.js';

/** What an API answers in place of a secret, and what a client sends back to keep the stored one. */
export const SECRET_MASK = SECURE_MARKER;

/** Marks an encrypted value: `sluice:aes256gcm:v1:<iv>.<tag>.<ciphertext>` (base64url parts). */
const SEALED_PREFIX = 'sluice:aes256gcm:v1:';

/** A fixed salt: the key is derived the same way by every process that is given the same passphrase. */
const SCRYPT_SALT = 'sluice-secret-key-v1';

/**
 * Turns `SLUICE_SECRET_KEY` into 32 key bytes: 32 bytes written in base64 are used as they are; anything
 * else is a passphrase stretched with scrypt, so any process given the same text derives the same key.
 */
export function deriveSecretKey(material: string): Buffer {
  const text = material.trim();
  if (!text) throw new SluiceError('CONFIG_INVALID', 'SLUICE_SECRET_KEY is empty: give 32 bytes in base64 or a passphrase.');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return scryptSync(text, SCRYPT_SALT, 32);
}

/** A new random key in the form `SLUICE_SECRET_KEY` takes (32 bytes, base64). */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64');
}

/** True when `value` is a secret sealed by {@link SecretCipher}. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/**
 * Encrypts secret values at rest with AES-256-GCM (a fresh 12-byte IV per value; the tag authenticates it,
 * so a tampered or wrong-key value fails loudly instead of decrypting to garbage).
 */
export class SecretCipher {
  readonly #key: Buffer;

  constructor(material: string) {
    this.#key = deriveSecretKey(material);
  }

  /** The sealed form of `clear`. */
  seal(clear: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  /** The clear text of a sealed value; throws SECRET_UNREADABLE when it does not decrypt with this key. */
  open(sealed: string, where = 'a stored secret'): string {
    const [iv, tag, body] = sealed.slice(SEALED_PREFIX.length).split('.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv ?? '', 'base64url'));
      decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body ?? '', 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SluiceError('SECRET_UNREADABLE', `${where} does not decrypt with the configured SLUICE_SECRET_KEY: the key changed or the value was altered. Save the secret again.`);
    }
  }
}

const escapeToken = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');

function at(value: unknown, tokens: readonly string[]): unknown {
  let node = value;
  for (const t of tokens) {
    if (Array.isArray(node)) node = node[Number(t)];
    else if (isPlainObject(node)) node = node[t];
    else return undefined;
  }
  return node;
}

/**
 * Replaces every SecureString value with {@link SECRET_MASK}: what leaves the API (documents, versions,
 * diffs). Other secret forms (`EnvironmentVariable` references) hold no secret and stay as they are.
 */
export function maskSecrets<T>(value: T): T {
  return maskSecureStrings(value);
}

/**
 * Prepares a document for storage: every SecureString value is sealed with `cipher` (kept clear when there
 * is none), and a value equal to {@link SECRET_MASK} — a client sending back what it read — keeps the
 * secret stored at the same place in `previous` (the stored, sealed document). Secrets are write-only.
 * Throws SECRET_MASK_WITHOUT_VALUE, pointing at the field, when there is nothing to keep.
 */
export function sealSecrets<T>(value: T, cipher: SecretCipher | undefined, previous: unknown): T {
  const walk = (v: unknown, path: string[]): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)]));
    if (!isPlainObject(v)) return v;
    if (isSecureString(v) && typeof v.value === 'string') {
      if (v.value === SECRET_MASK) {
        const kept = at(previous, [...path, 'value']);
        if (typeof kept !== 'string' || kept === SECRET_MASK) {
          throw new SluiceError('SECRET_MASK_WITHOUT_VALUE', `The secret at /${[...path, 'value'].map(escapeToken).join('/')} is the mask '${SECRET_MASK}' but no secret is stored there: send its value.`, { pointer: `/${[...path, 'value'].map(escapeToken).join('/')}` });
        }
        return { ...v, value: kept };
      }
      // Already sealed (a restored version, a run of a stored document): sealed once, not twice.
      return { ...v, value: cipher && !isSealed(v.value) ? cipher.seal(v.value) : v.value };
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
  };
  return walk(value, []) as T;
}

/** Opens a sealed value (a clear value, stored before a key was set, passes through). */
export function openSecret(value: string, cipher: SecretCipher | undefined, where: string): string {
  if (!isSealed(value)) return value;
  if (!cipher) throw new SluiceError('SECRET_KEY_MISSING', `${where} is encrypted, but this process has no SLUICE_SECRET_KEY (nor a key in its data folder) to decrypt it.`);
  return cipher.open(value, where);
}

/**
 * Opens every sealed SecureString value in `value` (an activity's evaluated typeProperties, a trigger's
 * settings), keeping the `{type: 'SecureString', value}` shape: what the worker does just before an activity
 * runs, so secrets are clear only in that process's memory. Throws SECRET_KEY_MISSING / SECRET_UNREADABLE
 * naming `where` and the pointer.
 */
export function revealSecureStrings<T>(value: T, cipher: SecretCipher | undefined, where: string): T {
  return mapSecureStrings(value, isSealed, (text, pointer) => openSecret(text, cipher, `The secret at ${where}${pointer}`));
}
