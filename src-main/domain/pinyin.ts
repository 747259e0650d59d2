// Pinyin keys for the member list: `name_pinyin` orders Chinese names the way a
// clerk expects, `name_initials` answers searches like `zs` → 张三. pinyin-pro is large, so it is
// imported only when a name is saved (never at CLI start-up); its surname mode reads the common
// polyphonic surnames right (曾 zeng, 单 shan, 解 xie, 仇 qiu).

export interface NameKeys {
  /** syllables separated by spaces, lower case: "zhang san" (a space sorts before any letter) */
  pinyin: string;
  /** first letters, lower case, letters only: "zs" */
  initials: string;
}

export type NameKeyer = (name: string) => NameKeys;

let loaded: Promise<NameKeyer> | null = null;

/** loads pinyin-pro once and returns the keying function */
export function loadNameKeyer(): Promise<NameKeyer> {
  loaded ??= import('pinyin-pro').then(({ pinyin }) => (name: string): NameKeys => {
    const syllables = pinyin(name, { toneType: 'none', surname: 'head', type: 'array', nonZh: 'consecutive', v: true })
      .flatMap((s) => s.toLowerCase().trim().split(/\s+/))
      .filter((s) => s && s !== '·');
    const initials = syllables
      .map((s) => s[0])
      .filter((c) => /[a-z0-9]/.test(c))
      .join('');
    return { pinyin: syllables.join(' '), initials };
  });
  return loaded;
}

/** a search text that can only be pinyin initials (or a full pinyin prefix): ASCII letters */
export const looksLikePinyin = (text: string): boolean => /^[a-zA-Z]+$/.test(text);
