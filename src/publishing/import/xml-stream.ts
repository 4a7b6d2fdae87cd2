import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';

export interface XmlHandlers {
  open(name: string, attrs: Record<string, string>, path: readonly string[]): void;
  /** A closing tag with the text directly inside it (CDATA included); `path` no longer holds `name`. */
  close(name: string, text: string, path: readonly string[]): void;
}

/**
 * Streams an XML file through sax chunk by chunk. After each chunk `afterChunk` runs and is awaited,
 * so the importer writes its batches while reading stops: memory stays bounded by the batch size,
 * not by the file size.
 */
export async function streamXml(file: string, handlers: XmlHandlers, opts: { onBytes?(read: number): void; afterChunk?(): Promise<void> } = {}): Promise<{ errors: string[] }> {
  const parser = sax.parser(true, { trim: false, normalize: false, position: false });
  const path: string[] = [];
  let text = '';
  const errors: string[] = [];
  parser.onopentag = (tag) => {
    handlers.open(tag.name, tag.attributes as Record<string, string>, path);
    path.push(tag.name);
    text = '';
  };
  parser.ontext = (t) => {
    text += t;
  };
  parser.oncdata = (t) => {
    text += t;
  };
  parser.onclosetag = (name) => {
    path.pop();
    handlers.close(name, text, path);
    text = '';
  };
  parser.onerror = (err) => {
    // Exports from old plugins carry HTML entities (&nbsp;) outside CDATA: note it and carry on.
    if (errors.length < 20) errors.push(err.message.split('\n')[0] ?? err.message);
    parser.error = null as unknown as Error;
    parser.resume();
  };
  const decoder = new StringDecoder('utf8');
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let read = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    read += chunk.length;
    parser.write(decoder.write(chunk));
    opts.onBytes?.(read);
    if (opts.afterChunk) await opts.afterChunk();
  }
  parser.write(decoder.end());
  parser.close();
  return { errors };
}
