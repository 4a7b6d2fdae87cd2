// Entities decode as the HTML standard says (the `entities` package, also markdown-it's).
import { decodeHTMLStrict as decodeEntities } from 'entities/decode';

/* Imported content is HTML (WordPress posts and comments, Disqus messages). Parley stores Markdown
   and renders it without raw HTML, so the importer turns the common tags into Markdown and drops
   the rest (their text stays). Nothing from the export reaches a page unrendered. */

/** Escapes characters Markdown would read as syntax at the start of a line or inline. */
function escapeMd(text: string, atLineStart: boolean): string {
  const s = text.replace(/([\\`*_[\]<>])/g, '\\$1');
  return atLineStart ? s.replace(/^(\s*)([#+-]|\d+\.|>)(\s)/, '$1\\$2$3') : s;
}

const SAFE_URL = /^(https?:|mailto:|\/)/i;

function attr(tag: string, name: string): string | null {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? decodeEntities(m[2] ?? m[3] ?? m[4] ?? '') : null;
}

/**
 * HTML (as WordPress and Disqus store it: often without <p>, with blank lines as paragraphs)
 * → Markdown. Links, emphasis, headings, quotes, lists, images and code survive.
 */
export function htmlToMarkdown(html: string): string {
  if (!html) return '';
  let out = '';
  const tokens = html.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '').split(/(<[^>]*>)/);
  const links: Array<string | null> = [];
  let listDepth = 0;
  const ordered: number[] = [];
  let quote = 0;
  let pre = false;
  let skip = 0; // inside <script>/<style>
  const nl = (n: number) => {
    out = out.replace(/[ \t]+$/, '');
    const have = (out.match(/\n*$/)?.[0] ?? '').length;
    if (out.length && have < n) out += '\n'.repeat(n - have);
  };
  const prefix = () => (quote ? '> '.repeat(quote) : '');
  for (const tok of tokens) {
    if (!tok) continue;
    if (tok[0] === '<' && tok.length > 1 && /[a-z/!]/i.test(tok.charAt(1))) {
      const m = tok.match(/^<\s*(\/?)\s*([a-z0-9]+)/i);
      if (!m) continue;
      const close = m[1] === '/';
      const name = (m[2] ?? '').toLowerCase();
      if (name === 'script' || name === 'style') {
        skip += close ? -1 : 1;
        if (skip < 0) skip = 0;
        continue;
      }
      if (skip) continue;
      switch (name) {
        case 'p': case 'div': case 'section': case 'article': case 'figure': case 'table':
          nl(2); if (!close && quote) out += prefix(); break;
        case 'br': out += quote ? `\n${prefix()}` : '  \n'; break;
        case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6':
          nl(2); if (!close) out += '#'.repeat(Math.max(2, Number(name[1]))) + ' '; break;
        case 'strong': case 'b': out += '**'; break;
        case 'em': case 'i': out += '*'; break;
        case 'del': case 's': case 'strike': out += '~~'; break;
        case 'code': if (!pre) out += '`'; break;
        case 'pre': nl(2); out += '```\n'; pre = !close; if (close) { nl(1); out += '```'; nl(2); } break;
        case 'blockquote': nl(2); quote += close ? -1 : 1; if (quote < 0) quote = 0; if (!close) out += prefix(); break;
        case 'ul': case 'ol':
          if (close) { listDepth = Math.max(0, listDepth - 1); ordered.pop(); nl(2); } else { nl(listDepth ? 1 : 2); listDepth += 1; ordered.push(name === 'ol' ? 1 : 0); }
          break;
        case 'li':
          if (!close) {
            nl(1);
            const n = ordered[ordered.length - 1] ?? 0;
            out += prefix() + '  '.repeat(Math.max(0, listDepth - 1)) + (n ? `${n}. ` : '- ');
            if (n) ordered[ordered.length - 1] = n + 1;
          }
          break;
        case 'a':
          if (close) {
            const href = links.pop();
            if (href !== undefined) out += href ? `](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})` : ']()';
            if (href === null) out = out.replace(/\]\(\)$/, '');
          } else {
            const href = attr(tok, 'href');
            if (href && SAFE_URL.test(href.trim())) { links.push(href.trim()); out += '['; } else links.push(null);
          }
          break;
        case 'img': {
          const src = attr(tok, 'src');
          if (src && /^https?:/i.test(src)) out += `![${escapeMd(attr(tok, 'alt') ?? '', false)}](${src.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
          break;
        }
        case 'hr': nl(2); out += '---'; nl(2); break;
        case 'tr': nl(1); break;
        case 'td': case 'th': if (!close) out += ' '; break;
        default: break;
      }
      continue;
    }
    if (skip) continue;
    const text = decodeEntities(tok);
    if (pre) { out += text; continue; }
    if (!text.trim()) {
      // Whitespace between tags: a blank line is a paragraph break, anything else at most a space.
      if (/\n[ \t]*\n/.test(text)) nl(2);
      else if (out && !/\s$/.test(out)) out += ' ';
      continue;
    }
    // Blank lines in WordPress content are paragraphs (wpautop); single newlines are line breaks.
    const paras = text.split(/\n[ \t]*\n+/);
    paras.forEach((para, i) => {
      if (i > 0) {
        if (quote) out = out.replace(/[ \t]+$/, '') + `\n${'>'.repeat(quote)}\n${prefix()}`;
        else nl(2);
      }
      const lines = para.split('\n');
      lines.forEach((line, j) => {
        if (j > 0) out += quote ? `\n${prefix()}` : '  \n';
        out += escapeMd(line.replace(/[ \t]+/g, ' '), out === '' || /\n(> )*$/.test(out));
      });
    });
  }
  return out.replace(/[ \t]+\n/g, (m) => (m.startsWith('  ') ? '  \n' : '\n')).replace(/\n{3,}/g, '\n\n').trim();
}

/** Plain text of HTML (titles, names). */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}
