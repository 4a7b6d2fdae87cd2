import sax from 'sax';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses XML strictly with sax into a small tree; throws on malformed XML. */
export function parseXml(xml: string): XmlNode {
  const parser = sax.parser(true, { xmlns: false });
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.onopentag = (tag) => {
    const node: XmlNode = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: '' };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (t) => (stack[stack.length - 1]!.text += t);
  parser.oncdata = (t) => (stack[stack.length - 1]!.text += t);
  parser.onerror = (e) => {
    throw e;
  };
  parser.write(xml).close();
  return root.children[0]!;
}

export const child = (n: XmlNode | undefined, name: string) => n?.children.find((c) => c.name === name);
export const childrenNamed = (n: XmlNode | undefined, name: string) => n?.children.filter((c) => c.name === name) ?? [];
