/**
 * Reads an export file as a stream of complete elements at one depth (Disqus: the children of <disqus>;
 * WXR: the children of <channel>), so a file of any size is read in bounded memory: one element at a time.
 * The bytes are decoded by the encoding the XML declaration (or a BOM) names; invalid UTF-8 bytes become
 * U+FFFD and are reported with their line. No entity is expanded: saxes knows only the five XML ones, and
 * a DOCTYPE that declares entities is refused. Every error carries the line it was found on.
 */
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';

export class ImportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface XmlNode {
  /** Local name, without its prefix ("post", "comment_id", "encoded"). */
  name: string;
  /** Qualified name as written ("wp:comment_id", "content:encoded"). */
  qname: string;
  /** Attributes by local name ("dsq:id" → "id"). */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Text and CDATA directly inside the element, concatenated. */
  text: string;
  /** Line of the start tag. */
  line: number;
}

export type XmlEvent = { type: 'root'; name: string; line: number } | { type: 'element'; node: XmlNode };

export interface ReadOptions {
  /** Emit each complete element at this depth (the root is depth 0). */
  depth: number;
  /** Bytes read so far, after each chunk. */
  onBytes?: (bytes: number) => void;
  /** An invalid UTF-8 byte was replaced by U+FFFD on this line. */
  onInvalidByte?: (line: number) => void;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export async function* readXmlElements(file: string, options: ReadOptions): AsyncGenerator<XmlEvent> {
  const parser = new SaxesParser({ position: true });
  const queue: XmlEvent[] = [];
  const stack: XmlNode[] = [];
  let depth = -1;
  parser.on('error', (err) => {
    throw new ImportFileError(parser.line, err.message.replace(/^\d+:\d+: /, ''));
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) throw new ImportFileError(parser.line, 'a DOCTYPE that declares entities is not accepted');
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 0) queue.push({ type: 'root', name: localName(tag.name), line: parser.line });
    if (depth < options.depth) return;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[localName(k)] = v as string;
    const node: XmlNode = { name: localName(tag.name), qname: tag.name, attrs, children: [], text: '', line: parser.line };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  const addText = (text: string) => {
    const node = stack.at(-1);
    if (node) node.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    if (depth >= options.depth) {
      const node = stack.pop()!;
      if (depth === options.depth) queue.push({ type: 'element', node });
    }
    depth--;
  });

  for await (const text of decodeFile(file, options)) {
    parser.write(text);
    for (const event of queue) yield event;
    queue.length = 0;
  }
  parser.close();
  for (const event of queue) yield event;
}

/** The file's text, chunk by chunk, in the encoding its BOM or XML declaration names (UTF-8 by default). */
async function* decodeFile(file: string, options: ReadOptions): AsyncGenerator<string> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  let decoder: ((chunk: Buffer, last: boolean) => string) | undefined;
  let head = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (!decoder) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 1024) continue;
      const chosen = chooseDecoder(head, options);
      decoder = chosen.decode;
      const text = decoder(head.subarray(chosen.skip), false);
      options.onBytes?.(bytes);
      if (text) yield text;
      continue;
    }
    const text = decoder(chunk, false);
    options.onBytes?.(bytes);
    if (text) yield text;
  }
  if (!decoder) {
    const chosen = chooseDecoder(head, options);
    decoder = chosen.decode;
    head = head.subarray(chosen.skip);
    const text = decoder(head, true);
    options.onBytes?.(bytes);
    if (text) yield text;
    return;
  }
  const rest = decoder(Buffer.alloc(0), true);
  if (rest) yield rest;
}

function chooseDecoder(head: Buffer, options: ReadOptions): { decode: (chunk: Buffer, last: boolean) => string; skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { decode: utf8Decoder(options), skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { decode: platformDecoder('utf-16le'), skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { decode: platformDecoder('utf-16be'), skip: 2 };
  const declaration = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 1024).toString('latin1'));
  const label = declaration?.[1]?.toLowerCase() ?? 'utf-8';
  if (label === 'utf-8' || label === 'utf8') return { decode: utf8Decoder(options), skip: 0 };
  if (label.startsWith('utf-16')) throw new ImportFileError(1, `the file says it is ${declaration![1]} but has no byte order mark`);
  if (WINDOWS_1252_LABELS.has(label)) return { decode: windows1252, skip: 0 };
  try {
    return { decode: platformDecoder(label), skip: 0 };
  } catch {
    throw new ImportFileError(1, `unsupported encoding "${declaration![1]}"`);
  }
}

/** Labels the WHATWG Encoding standard maps to windows-1252 (ISO-8859-1 and ASCII among them). */
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'windows-1252', 'cp1252', 'x-cp1252', 'us-ascii', 'ascii', 'cp819', 'ibm819', 'iso-ir-100']);
/** windows-1252's bytes 0x80–0x9F (the rest are Latin-1's code points); 0 where the byte has no character. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * windows-1252 by hand: Node 20's TextDecoder drops the bytes 0x80–0x9F of this encoding (curly quotes,
 * dashes, the euro sign), which real exports declared ISO-8859-1 are full of. One byte, one character.
 */
function windows1252(chunk: Buffer): string {
  const text = chunk.toString('latin1');
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] || c.charCodeAt(0))) : text;
}

function platformDecoder(label: string) {
  const decoder = new TextDecoder(label);
  return (chunk: Buffer, last: boolean) => decoder.decode(chunk, { stream: !last });
}

/**
 * UTF-8 with a count of lines, so an invalid byte is reported where it is. Valid text (nearly always)
 * goes through the platform's strict decoder; a chunk it refuses is decoded again with replacement and
 * its bad bytes located by hand.
 */
function utf8Decoder(options: ReadOptions) {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry = Buffer.alloc(0);
  let line = 1;
  return (chunk: Buffer, last: boolean): string => {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = last ? buf.length : completeLength(buf);
    const part = buf.subarray(0, cut);
    carry = Buffer.from(buf.subarray(cut));
    let text: string;
    try {
      text = strict.decode(part);
    } catch {
      text = lenient.decode(part);
      let at = 0;
      for (const offset of invalidOffsets(part)) {
        line += countNewlines(part, at, offset);
        at = offset;
        options.onInvalidByte?.(line);
      }
      line += countNewlines(part, at, part.length);
      return text;
    }
    line += countNewlines(part, 0, part.length);
    return text;
  };
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Length of the prefix that ends on a whole character (a sequence cut by the chunk's end waits for the next). */
function completeLength(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** Offsets of bytes that do not start a well-formed UTF-8 sequence (only run on a chunk the strict decoder refused). */
function invalidOffsets(b: Buffer): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok && n >= 3) {
      const s = b[i + 1]!;
      if ((c === 0xe0 && s < 0xa0) || (c === 0xed && s > 0x9f) || (c === 0xf0 && s < 0x90) || (c === 0xf4 && s > 0x8f)) ok = false;
    }
    if (ok) {
      i += n;
    } else {
      out.push(i);
      i++;
      // Continuation bytes after a bad lead belong to the same fault.
      while (i < b.length && (b[i]! & 0xc0) === 0x80) i++;
    }
  }
  return out;
}
