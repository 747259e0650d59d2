import { describe, expect, it } from 'vitest';
import { nameLength, normalizeName } from '../../src-main/domain/names.ts';

describe('names', () => {
  it('trims and removes full-width spaces inside short names', () => {
    expect(normalizeName('  张　三 ')).toBe('张三');
    expect(normalizeName('王 小 明')).toBe('王小明');
  });
  it('folds middle-dot look-alikes to · in minority names', () => {
    for (const dot of ['•', '・', '．', '.', '·']) expect(normalizeName(`阿卜杜${dot}热合曼`)).toBe('阿卜杜·热合曼');
    expect(normalizeName('阿卜杜 • 热合曼')).toBe('阿卜杜·热合曼');
  });
  it('allows characters outside the BMP and counts them once', () => {
    expect(normalizeName('𠀋一')).toBe('𠀋一');
    expect(nameLength('𠀋一')).toBe(2);
  });
  it('keeps Latin names with single spaces', () => {
    expect(normalizeName(' John   Smith ')).toBe('John Smith');
  });
});
