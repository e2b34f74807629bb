import { describe, expect, it } from 'vitest';
import { SECRET_MASK, SecretCipher, deriveSecretKey, generateSecretKey, isSealed, maskSecrets, openSecret, sealSecrets } from './secrets.js';

describe('secret sealing', () => {
  it('seals with AES-256-GCM and opens with the same key only', () => {
    const cipher = new SecretCipher(generateSecretKey());
    const sealed = cipher.seal('p@ss');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('p@ss');
    expect(cipher.seal('p@ss')).not.toBe(sealed); // a fresh IV each time
    expect(cipher.open(sealed)).toBe('p@ss');
    expect(() => new SecretCipher('another passphrase').open(sealed)).toThrow(expect.objectContaining({ code: 'SECRET_UNREADABLE' }));
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => cipher.open(tampered)).toThrow(expect.objectContaining({ code: 'SECRET_UNREADABLE' }));
  });

  it('takes 32 base64 bytes as they are and stretches anything else', () => {
    const raw = generateSecretKey();
    expect(deriveSecretKey(raw).equals(Buffer.from(raw, 'base64'))).toBe(true);
    expect(deriveSecretKey('correct horse battery staple')).toHaveLength(32);
    expect(deriveSecretKey('same').equals(deriveSecretKey('same'))).toBe(true);
    expect(() => deriveSecretKey('  ')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('seals SecureString values, keeps the stored one for the mask, and masks for output', () => {
    const cipher = new SecretCipher('k');
    const doc = { properties: { typeProperties: { password: { type: 'SecureString', value: 'one' }, user: 'u', env: { type: 'EnvironmentVariable', name: 'X' } } } };
    const stored = sealSecrets(doc, cipher, undefined);
    const sealed = stored.properties.typeProperties.password.value;
    expect(isSealed(sealed)).toBe(true);
    expect(stored.properties.typeProperties.env).toEqual({ type: 'EnvironmentVariable', name: 'X' });
    const masked = maskSecrets(stored);
    expect(masked.properties.typeProperties.password).toEqual({ type: 'SecureString', value: SECRET_MASK });
    expect(sealSecrets(masked, cipher, stored).properties.typeProperties.password.value).toBe(sealed);
    expect(() => sealSecrets(masked, cipher, undefined)).toThrow(expect.objectContaining({ code: 'SECRET_MASK_WITHOUT_VALUE', location: { pointer: '/properties/typeProperties/password/value' } }));
    expect(openSecret(sealed, cipher, 'x')).toBe('one');
    expect(openSecret('clear', undefined, 'x')).toBe('clear');
    expect(() => openSecret(sealed, undefined, 'The secret')).toThrow(expect.objectContaining({ code: 'SECRET_KEY_MISSING' }));
  });
});
