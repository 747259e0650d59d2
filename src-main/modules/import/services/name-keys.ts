import { loadNameKeyer, type NameKeys } from '../../../domain/pinyin.ts';

// Pinyin sort/search keys for many names at once. The members service keys one name at a time with
// pinyin-pro's whole-name call (~60 µs); for a 200,000-row import that alone would take seconds, so
// plain Chinese names are keyed character by character with a cache: the first character in
// pinyin-pro's surname mode (曾 zeng, 单 shan), the others in their ordinary reading. Anything else
// (Latin letters, ·, long names) goes through the same whole-name function as the form.

export async function loadBulkNameKeyer(): Promise<(name: string) => NameKeys> {
  const whole = await loadNameKeyer();
  const { pinyin } = await import('pinyin-pro');
  const head = new Map<string, string>();
  const rest = new Map<string, string>();
  const syllable = (c: string, first: boolean): string => {
    const cache = first ? head : rest;
    let s = cache.get(c);
    if (s === undefined) {
      s = first
        ? whole(c).pinyin
        : pinyin(c, { toneType: 'none', type: 'array', v: true })[0].toLowerCase().trim();
      cache.set(c, s);
    }
    return s;
  };
  return (name: string): NameKeys => {
    if (name.length < 2 || name.length > 4 || !/^[\u4e00-\u9fa5]+$/.test(name)) return whole(name);
    const syllables: string[] = [];
    for (let i = 0; i < name.length; i++) syllables.push(syllable(name[i], i === 0));
    if (syllables.some((s) => !/^[a-z]+$/.test(s))) return whole(name);
    return { pinyin: syllables.join(' '), initials: syllables.map((s) => s[0]).join('') };
  };
}
