import { Document, Packer, Paragraph, TextRun } from 'docx';
import PizZip from 'pizzip';

// Reading a .docx back for the report tests, and writing a clerk's template: a template is a real Word
// document made with `docx`, its placeholders split across runs the way Word splits them.

/** the document's paragraphs as text (runs joined) */
export function docxParagraphs(bytes: Uint8Array, part = 'word/document.xml'): string[] {
  const xml = new PizZip(bytes).file(part)!.asText();
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')).join(''),
  );
}

export const docxXml = (bytes: Uint8Array, part: string): string => new PizZip(bytes).file(part)!.asText();

/** the XML of every footer part */
export function docxFooters(bytes: Uint8Array): string[] {
  const zip = new PizZip(bytes);
  return Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n)).sort().map((n) => zip.file(n)!.asText());
}

/** a template: each paragraph a list of runs (a placeholder may be split over several) */
export async function makeTemplate(paragraphs: string[][]): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new Document({
    sections: [{ children: paragraphs.map((runs) => new Paragraph({ children: runs.map((text, i) => new TextRun({ text, bold: i % 2 === 1, font: { eastAsia: '仿宋_GB2312' } })) })) }],
  });
  return Uint8Array.from(await Packer.toBuffer(doc));
}
