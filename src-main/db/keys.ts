import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../domain/errors.ts';

// The database key and the small key file beside the database (docs/safety.md#key-design).
// The database is keyed with a random 256-bit raw key. The key file keeps that key twice, wrapped with
// AES-256-GCM: once by a key derived from the clerk's password (Argon2id), once by a key derived from
// the recovery key. The password itself is never stored; changing it re-wraps, the data stay as they are.

export const KEY_FILE_FORMAT = 'dangwu-key';

export type Kdf =
  | { name: 'argon2id'; salt: string; memoryKiB: number; passes: number; parallelism: number }
  | { name: 'pbkdf2-sha512'; salt: string; iterations: number }
  | { name: 'hkdf-sha256'; salt: string };

interface Wrapped {
  kdf: Kdf;
  iv: string;
  data: string;
  tag: string;
}

export interface KeyFile {
  format: typeof KEY_FILE_FORMAT;
  version: 1;
  /** random id of the raw key: a backup names the key it needs, so a foreign backup is recognised */
  keyId: string;
  /** the cipher the database pages use (SQLite3 Multiple Ciphers' SQLCipher 4 scheme, raw key) */
  cipher: 'sqlcipher-4';
  password: Wrapped;
  recovery: Wrapped;
  createdAt: string;
  changedAt: string;
}

/** Argon2id parameters (RFC 9106 memory-hard; about 0.2–0.4 s here, inside the 1 s unlock budget) */
export const ARGON2 = { memoryKiB: 65536, passes: 2, parallelism: 1 } as const;
/** the fallback KDF's strength when neither node:crypto nor WASM Argon2id is at hand */
export const PBKDF2_ITERATIONS = 600_000;

export const MIN_PASSWORD_LENGTH = 8;

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

type NodeArgon2 = (
  algorithm: string,
  params: { message: Buffer; nonce: Buffer; parallelism: number; tagLength: number; memory: number; passes: number },
  callback: (err: Error | null, key: Buffer) => void,
) => void;

/** Argon2id through node:crypto (Node ≥ 24.7 with OpenSSL ≥ 3.2), else the same function in WASM */
async function argon2id(password: Buffer, salt: Buffer, p: { memoryKiB: number; passes: number; parallelism: number }): Promise<Buffer> {
  const native = (crypto as unknown as { argon2?: NodeArgon2 }).argon2;
  if (typeof native === 'function') {
    try {
      return await new Promise<Buffer>((resolve, reject) =>
        native('argon2id', { message: password, nonce: salt, parallelism: p.parallelism, tagLength: 32, memory: p.memoryKiB, passes: p.passes }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      );
    } catch {
      // a crypto library without Argon2 (e.g. BoringSSL inside Electron): the WASM build below
    }
  }
  const { argon2id: wasm } = await import('hash-wasm');
  const out = await wasm({ password, salt, parallelism: p.parallelism, iterations: p.passes, memorySize: p.memoryKiB, hashLength: 32, outputType: 'binary' });
  return Buffer.from(out);
}

async function deriveKey(secret: Buffer, kdf: Kdf): Promise<Buffer> {
  const salt = unb64(kdf.salt);
  switch (kdf.name) {
    case 'argon2id':
      return argon2id(secret, salt, kdf);
    case 'pbkdf2-sha512':
      return new Promise((resolve, reject) => crypto.pbkdf2(secret, salt, kdf.iterations, 32, 'sha512', (e, k) => (e ? reject(e) : resolve(k))));
    case 'hkdf-sha256':
      return Buffer.from(crypto.hkdfSync('sha256', secret, salt, 'dangwu recovery key', 32));
  }
}

async function wrap(rawKey: Buffer, secret: Buffer, kdf: Kdf, aad: string): Promise<Wrapped> {
  const k = await deriveKey(secret, kdf);
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', k, iv);
  c.setAAD(Buffer.from(aad));
  const data = Buffer.concat([c.update(rawKey), c.final()]);
  return { kdf, iv: b64(iv), data: b64(data), tag: b64(c.getAuthTag()) };
}

/** the raw key, or null when the secret is wrong (GCM's tag does not verify) */
async function unwrap(w: Wrapped, secret: Buffer, aad: string): Promise<Buffer | null> {
  const k = await deriveKey(secret, w.kdf);
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', k, unb64(w.iv));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(unb64(w.tag));
    return Buffer.concat([d.update(unb64(w.data)), d.final()]);
  } catch {
    return null;
  }
}

const passwordKdf = (): Kdf => ({ name: 'argon2id', salt: b64(crypto.randomBytes(16)), ...ARGON2 });
const recoveryKdf = (): Kdf => ({ name: 'hkdf-sha256', salt: b64(crypto.randomBytes(16)) });
const aadOf = (keyId: string, which: 'password' | 'recovery') => `${KEY_FILE_FORMAT}:${keyId}:${which}`;

/** the password as bytes: NFC, so the same characters typed on another system give the same key */
export const passwordBytes = (password: string): Buffer => Buffer.from(password.normalize('NFC'), 'utf8');

export function checkNewPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION', `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`, 'newPassword');
  }
  if (/^(.)\1*$/u.test(password)) throw new AppError('VALIDATION', '密码不能由同一个字符重复组成', 'newPassword');
  if (/[\u0000-\u001f\u007f]/.test(password)) throw new AppError('VALIDATION', '密码不能含有控制字符（如换行）', 'newPassword');
}

/**
 * The recovery key: 40 random digits in eight groups of five (about 133 bits), digits only so that it
 * can be read off paper and typed without confusing O/0 or l/1.
 */
export function newRecoveryKey(): string {
  const digits: string[] = [];
  while (digits.length < 40) {
    const b = crypto.randomBytes(1)[0];
    if (b < 250) digits.push(String(b % 10));
  }
  return digits.join('').replace(/(\d{5})(?=\d)/g, '$1-');
}

export function normaliseRecoveryKey(text: string): string {
  const digits = text.normalize('NFKC').replace(/\D/g, '');
  if (digits.length !== 40) throw new AppError('VALIDATION', '恢复密钥应为 40 位数字（8 组，每组 5 位），请对照打印件检查', 'recoveryKey');
  return digits;
}

export async function createKeyFile(password: string, now: string): Promise<{ keyFile: KeyFile; rawKey: Buffer; recoveryKey: string }> {
  checkNewPassword(password);
  const rawKey = crypto.randomBytes(32);
  const keyId = crypto.randomBytes(16).toString('hex');
  const recoveryKey = newRecoveryKey();
  const keyFile: KeyFile = {
    format: KEY_FILE_FORMAT,
    version: 1,
    keyId,
    cipher: 'sqlcipher-4',
    password: await wrap(rawKey, passwordBytes(password), passwordKdf(), aadOf(keyId, 'password')),
    recovery: await wrap(rawKey, Buffer.from(normaliseRecoveryKey(recoveryKey)), recoveryKdf(), aadOf(keyId, 'recovery')),
    createdAt: now,
    changedAt: now,
  };
  return { keyFile, rawKey, recoveryKey };
}

export const unwrapWithPassword = (kf: KeyFile, password: string): Promise<Buffer | null> =>
  unwrap(kf.password, passwordBytes(password), aadOf(kf.keyId, 'password'));

export const unwrapWithRecoveryKey = (kf: KeyFile, recoveryKey: string): Promise<Buffer | null> =>
  unwrap(kf.recovery, Buffer.from(normaliseRecoveryKey(recoveryKey)), aadOf(kf.keyId, 'recovery'));

/** a new password for the same raw key: only the password wrap changes */
export async function rewrapPassword(kf: KeyFile, rawKey: Buffer, newPassword: string, now: string): Promise<KeyFile> {
  checkNewPassword(newPassword);
  return { ...kf, password: await wrap(rawKey, passwordBytes(newPassword), passwordKdf(), aadOf(kf.keyId, 'password')), changedAt: now };
}

/** for tests of old key files: a password wrap with PBKDF2-SHA512 instead of Argon2id */
export async function wrapWithPbkdf2(kf: KeyFile, rawKey: Buffer, password: string): Promise<KeyFile> {
  const kdf: Kdf = { name: 'pbkdf2-sha512', salt: b64(crypto.randomBytes(16)), iterations: PBKDF2_ITERATIONS };
  return { ...kf, password: await wrap(rawKey, passwordBytes(password), kdf, aadOf(kf.keyId, 'password')) };
}

export function parseKeyFile(text: string, file: string): KeyFile {
  let kf: KeyFile;
  try {
    kf = JSON.parse(text) as KeyFile;
  } catch {
    throw new AppError('UNREADABLE', `钥匙文件已损坏，无法读取：${file}。请用备份恢复（每份备份都带有自己的钥匙）`);
  }
  if (kf?.format !== KEY_FILE_FORMAT || kf.version !== 1 || !kf.password || !kf.recovery || !/^[0-9a-f]{32}$/.test(kf.keyId ?? '')) {
    throw new AppError('UNREADABLE', `钥匙文件不是本程序的格式，或已损坏：${file}`);
  }
  return kf;
}

export function readKeyFile(file: string): KeyFile | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('UNREADABLE', `无法读取钥匙文件：${file}`);
  }
  return parseKeyFile(text, file);
}

/** written whole to a temporary name, flushed, then renamed: a crash leaves the old file or the new one */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export const keyFileText = (kf: KeyFile): string => `${JSON.stringify(kf, null, 2)}\n`;

/** `PRAGMA key` for a raw 256-bit key (no KDF inside SQLite: the key is already random) */
export function rawKeyPragma(rawKey: Buffer): string {
  return `key="x'${rawKey.toString('hex')}'"`;
}
