import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../src-main/adapters/ipc/channels.ts';
import { FOREIGN_SENDER_ERROR, registerContract, senderCheck, type Envelope } from '../../src-main/adapters/ipc/register.ts';
import { opNames } from '../../src-main/modules/index.ts';
import { type ServiceContext } from '../../src-main/services/context.ts';
import { openTestDb, type TestDb } from '../support/db.ts';

vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module);

type Handler = (event: unknown, input?: unknown) => Promise<Envelope>;

let t: TestDb;
let ctx: ServiceContext;
const handlers = new Map<string, Handler>();
let channels: string[];

const fromApp = { senderFrame: { url: 'app://dangwu/index.html' } };

beforeAll(async () => {
  t = await openTestDb({ prefix: 'dangwu-ipc-' });
  ctx = t.ctx;
  // a fake ipcMain that has ONLY handle(): a generic ipcMain.on(...) bridge would throw here
  const ipcMain = {
    handle: (channel: string, handler: Handler) => {
      expect(handlers.has(channel), `registered twice: ${channel}`).toBe(false);
      handlers.set(channel, handler);
    },
  };
  channels = registerContract(ipcMain as never, ctx, senderCheck(['app://dangwu']));
});
afterAll(async () => {
  await t.close();
});

describe('IPC adapter', () => {
  it('registers every contract operation on its own fixed channel, and nothing else', () => {
    expect(opNames.length).toBeGreaterThan(5);
    const expected = opNames.map((n) => `dangwu:${n}`);
    expect(channels).toEqual(expected);
    expect([...handlers.keys()].sort()).toEqual([...expected].sort());
    expect(handlers.has('dangwu:')).toBe(false);
    expect([...handlers.keys()].some((c) => /\*|call|invoke|generic/.test(c))).toBe(false);
  });

  it.each([
    ['no senderFrame (destroyed or navigated frame)', { senderFrame: null }],
    ['undefined senderFrame', {}],
    ['a foreign origin', { senderFrame: { url: 'https://evil.example/index.html' } }],
    ['a look-alike host', { senderFrame: { url: 'app://dangwu.evil/index.html' } }],
    ['another app:// host', { senderFrame: { url: 'app://other/index.html' } }],
    ['file://', { senderFrame: { url: 'file:///work/main/out/renderer/index.html' } }],
    ['about:blank', { senderFrame: { url: 'about:blank' } }],
    ['a frame whose url getter throws', { senderFrame: { get url(): string { throw new Error('Render frame was disposed'); } } }],
  ])('refuses every operation from %s', async (_label, event) => {
    for (const name of opNames) {
      const reply = await handlers.get(channelOf(name))!(event, {});
      expect(reply, name).toEqual({ ok: false, error: FOREIGN_SENDER_ERROR });
    }
  });

  it('a refused call does not reach the service (nothing written)', async () => {
    const evil = { senderFrame: { url: 'https://evil.example/' } };
    const reply = await handlers.get('dangwu:settings.save')!(evil, { clerkName: '入侵者' });
    expect(reply.ok).toBe(false);
    const settings = await handlers.get('dangwu:settings.get')!(fromApp, {});
    expect(settings.ok).toBe(true);
    expect(JSON.stringify(settings)).not.toContain('入侵者');
  });

  it('dispatches calls from the app origin and returns plain envelopes', async () => {
    const saved = await handlers.get('dangwu:settings.save')!(fromApp, { clerkName: '李四', clerkPhone: '13800000000' });
    expect(saved.ok).toBe(true);
    const got = await handlers.get('dangwu:settings.get')!(fromApp, undefined);
    expect(got).toMatchObject({ ok: true, result: { clerkName: '李四', clerkPhone: '13800000000' } });
    // the envelope survives structured cloning (what IPC does) unchanged
    expect(structuredClone(got)).toEqual(got);
  });

  it('returns validation failures as {ok:false, error} with a Chinese message, never a stack', async () => {
    const reply = await handlers.get('dangwu:settings.save')!(fromApp, { bogus: 1 });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('VALIDATION');
    expect(reply.error.message).toMatch(/不认识的字段.*bogus/);
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.ts:\d+/);
  });
});
