import { describe, expect, it, vi } from 'vitest';
import { opNames } from '../../src-main/modules/index.ts';

// src-main/preload.ts from source, against the fake electron (the built bundle is checked in
// electron-build.test.ts). The build inlines __DANGWU_OP_NAMES__ from the contract; here we do it.

vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module);

describe('preload.ts', () => {
  it('exposes one object, window.dangwu, with a method per op on its own channel', async () => {
    const { fake } = await import('./electron-fake.ts');
    fake.reset();
    (globalThis as Record<string, unknown>).__DANGWU_OP_NAMES__ = opNames;
    await import('../../src-main/preload.ts');

    expect(fake.state.exposed).toHaveLength(1);
    const { key, api } = fake.state.exposed[0] as { key: string; api: Record<string, Record<string, (i?: unknown) => Promise<unknown>>> };
    expect(key).toBe('dangwu');
    const names = Object.entries(api).flatMap(([ns, group]) => Object.keys(group).map((m) => `${ns}.${m}`));
    expect(names.sort()).toEqual([...opNames].sort());

    await api.members.list({ search: 'zs' });
    await api.settings.get();
    expect(fake.state.invoked).toEqual([
      { channel: 'dangwu:members.list', args: [{ search: 'zs' }] },
      { channel: 'dangwu:settings.get', args: [{}] },
    ]);
  });

  it('the bridge refuses a name outside its table even if asked directly', async () => {
    const { exposeApi } = await import('../../src-main/adapters/ipc/bridge.ts');
    const exposed: unknown[] = [];
    const invoke = vi.fn(async () => ({ ok: true }));
    exposeApi({ exposeInMainWorld: (_k: string, api: unknown) => exposed.push(api) }, { invoke }, ['orgs.list']);
    const api = exposed[0] as Record<string, Record<string, unknown>>;
    expect(Object.keys(api)).toEqual(['orgs']);
    expect(Object.keys(api.orgs)).toEqual(['list']);
    expect(api.members).toBeUndefined();
  });
});
