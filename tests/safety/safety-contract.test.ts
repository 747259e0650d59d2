import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { unlabelledFields } from '../../src-main/contract/labels.ts';
import { safetyOps } from '../../src-main/modules/safety/contract.ts';
import { contract } from '../../src-main/modules/index.ts';

// The safety module's operations carry a Chinese label on every input field, and the operations that
// write much at once are declared for automatic backups (docs/safety.md#backups).

describe('safety contract', () => {
  it('labels every input field in Chinese', () => {
    for (const [name, def] of Object.entries(safetyOps)) expect(unlabelledFields(def.input as z.ZodType), name).toEqual([]);
  });

  it('declares the bulk writes: imports always backed up first, the other bulk actions at most hourly', () => {
    const bulk = Object.entries(contract).filter(([, d]) => d.bulk).map(([n, d]) => [n, d.bulk!.backup]);
    expect(Object.fromEntries(bulk)).toEqual({
      'import.commit': 'always',
      'import.undo': 'hourly',
      'members.move': 'hourly',
      'members.recordEvents': 'hourly',
      'campaign.bulk': 'hourly',
      'dues.recordMonth': 'hourly',
    });
  });
});
