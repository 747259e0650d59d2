// The few XML facts a spreadsheet scanner needs: attribute values and entity decoding. The parts of an
// .xlsx are machine-written, well-formed XML, so plain string scanning is safe and several times faster
// than a general parser.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** decodes XML entities and OOXML's _xHHHH_ escapes (e.g. _x000D_ for a carriage return) */
export function decodeXmlText(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return NAMED[e] ?? m;
    });
  }
  if (s.indexOf('_x') >= 0) {
    s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return s;
}

/** value of attribute `name` inside one start tag (quotes of either kind), or null */
export function attr(tag: string, name: string): string | null {
  let i = 0;
  for (;;) {
    i = tag.indexOf(name, i);
    if (i < 0) return null;
    const before = tag.charCodeAt(i - 1);
    const eq = i + name.length;
    // whole attribute name: preceded by whitespace, followed by =
    if ((before === 32 || before === 9 || before === 10 || before === 13) && tag.charCodeAt(eq) === 61) {
      const q = tag[eq + 1];
      const end = tag.indexOf(q, eq + 2);
      return end < 0 ? null : decodeXmlText(tag.slice(eq + 2, end));
    }
    i = eq;
  }
}

/**
 * Text of a string item (<si> of the shared-string table, <is> of an inline string): the <t> runs
 * joined, leaving out phonetic guides (<rPh>), which are not part of the value.
 */
export function stringItemText(xml: string): string {
  let out = '';
  let p = 0;
  for (;;) {
    const t = xml.indexOf('<t', p);
    if (t < 0) break;
    const c = xml.charCodeAt(t + 2);
    if (c !== 62 && c !== 32 && c !== 47) {
      p = t + 2; // <tag-with-longer-name>
      continue;
    }
    const rph = xml.lastIndexOf('<rPh', t);
    if (rph >= 0 && xml.lastIndexOf('</rPh>', t) < rph) {
      p = xml.indexOf('</rPh>', t);
      if (p < 0) break;
      continue;
    }
    const gt = xml.indexOf('>', t);
    if (xml.charCodeAt(gt - 1) === 47) {
      p = gt + 1; // <t/>
      continue;
    }
    const end = xml.indexOf('</t>', gt);
    if (end < 0) break;
    out += xml.slice(gt + 1, end);
    p = end + 4;
  }
  return decodeXmlText(out);
}

/** every start tag `<name ...>` / `<name .../>` in xml (whole name match) */
export function* startTags(xml: string, name: string): Generator<string> {
  const open = `<${name}`;
  let p = 0;
  for (;;) {
    const i = xml.indexOf(open, p);
    if (i < 0) return;
    const c = xml.charCodeAt(i + open.length);
    const end = xml.indexOf('>', i);
    if (end < 0) return;
    if (c === 32 || c === 47 || c === 62 || c === 9 || c === 10 || c === 13) yield xml.slice(i, end + 1);
    p = end + 1;
  }
}
