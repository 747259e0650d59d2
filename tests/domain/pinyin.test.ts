import { describe, expect, it } from 'vitest';
import { loadNameKeyer } from '../../src-main/domain/pinyin.ts';

describe('pinyin keys', () => {
  it('reads polyphonic surnames in surname mode (曾 Z, 单 S, 解 X, 仇 Q)', async () => {
    const keys = await loadNameKeyer();
    expect(keys('张三')).toEqual({ pinyin: 'zhang san', initials: 'zs' });
    expect(keys('曾国藩').initials).toBe('zgf');
    expect(keys('单田芳').initials).toBe('stf');
    expect(keys('解缙').initials).toBe('xj');
    expect(keys('仇英').initials).toBe('qy');
    expect(keys('阿卜杜·热合曼').initials).toBe('abdrhm');
  });
  it('orders syllable by syllable (湛 zhan before 张 zhang)', async () => {
    const keys = await loadNameKeyer();
    expect(keys('湛三').pinyin < keys('张三').pinyin).toBe(true);
  });
});
