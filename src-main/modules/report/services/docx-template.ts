import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { AppError } from '../../../domain/errors.ts';

// The clerk's own Word template (docs/domain/report.md#the-clerks-template), filled by docxtemplater:
// placeholders in single braces ({第一议题学习次数}), found wherever Word split them into runs. Loops and
// conditions are not offered: a template holds plain placeholders only.

interface DxtError {
  properties?: { id?: string; xtag?: string; context?: string; errors?: DxtError[]; explanation?: string };
  message?: string;
}

function templateError(e: unknown): AppError {
  const errors = (e as DxtError).properties?.errors ?? [e as DxtError];
  const sentences = errors.slice(0, 5).map((x) => {
    const p = x.properties ?? {};
    const tag = p.xtag ?? p.context ?? '';
    switch (p.id) {
      case 'unclosed_tag':
        return `“{${tag}”缺少右花括号 }`;
      case 'unopened_tag':
        return `“${tag}}”缺少左花括号 {`;
      case 'duplicate_open_tag':
      case 'duplicate_close_tag':
        return `“${tag}”中的花括号重复`;
      case 'unclosed_loop':
      case 'unopened_loop':
      case 'closing_tag_does_not_match_opening_tag':
        return `“${tag}”是循环或条件标记，模板只支持简单占位符`;
      default:
        return p.explanation ?? x.message ?? '格式不正确';
    }
  });
  return new AppError('VALIDATION', `Word 模板中的占位符有误：${sentences.join('；')}`, 'template');
}

function open(bytes: Uint8Array): PizZip {
  try {
    return new PizZip(bytes);
  } catch {
    throw new AppError('VALIDATION', '无法打开该文件：请选择 Word 文档（.docx）', 'template');
  }
}

/** compiles the template and returns the placeholders in it, in order of first appearance */
function compile(bytes: Uint8Array, value: (tag: string) => string): { doc: Docxtemplater; tags: string[] } {
  const zip = open(bytes);
  if (!zip.file('word/document.xml')) throw new AppError('VALIDATION', '该文件不是 Word 文档（.docx）：请在 Word 或 WPS 中另存为 .docx 后再试', 'template');
  const tags: string[] = [];
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      delimiters: { start: '{', end: '}' },
      parser: (tag: string) => {
        if (!tags.includes(tag)) tags.push(tag);
        return { get: () => value(tag) };
      },
      nullGetter: () => '',
    });
  } catch (e) {
    throw templateError(e);
  }
  const loops = [...doc.getFullText().matchAll(/\{\s*([#^/@][^}]*)\}/g)].map((m) => `{${m[1]}}`);
  if (loops.length) throw new AppError('VALIDATION', `Word 模板中的 ${loops.join('、')} 是循环或条件标记，模板只支持简单占位符`, 'template');
  return { doc, tags };
}

/** the placeholders of a template (without filling it) */
export function templatePlaceholders(bytes: Uint8Array): string[] {
  return compile(bytes, () => '').tags;
}

/** the template with every placeholder replaced by `value(placeholder)` */
export function fillTemplate(bytes: Uint8Array, value: (tag: string) => string): Uint8Array {
  const { doc } = compile(bytes, value);
  try {
    doc.render({});
  } catch (e) {
    throw templateError(e);
  }
  return doc.toUint8Array({ compression: 'DEFLATE' });
}
