/* The widget's HTTP client: JSON in and out, the session cookie, the CSRF header, and the API's
   error shape turned into an ApiError whose message can be shown to the reader as it is. */

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly code: string, message: string) {
    super(message);
  }
}

export class Api {
  constructor(public base: string, public csrf: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        credentials: 'include',
        headers: { accept: 'application/json', 'x-parley-csrf': this.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
    }
    const data = res.status === 204 ? null : ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null);
    if (!res.ok) {
      throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? 'Something went wrong. Please try again.');
    }
    return data as T;
  }
}

/** Turns a comment's rendered HTML back into the markup its author would type (for editing). */
export function htmlToMarkup(html: string): string {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  const walk = (node: Node): string => {
    if (node.nodeType === 3) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    const inner = () => [...node.childNodes].map(walk).join('');
    switch (node.tagName) {
      case 'P': return inner() + '\n\n';
      case 'BR': return '\n';
      case 'STRONG': case 'B': return `**${inner()}**`;
      case 'EM': case 'I': return `_${inner()}_`;
      case 'CODE': return '`' + inner() + '`';
      case 'BLOCKQUOTE': return inner().trim().split('\n').map((l) => `> ${l}`).join('\n') + '\n\n';
      case 'LI': return `- ${inner().trim()}\n`;
      case 'UL': case 'OL': return inner() + '\n';
      case 'A': {
        const href = node.getAttribute('href') ?? '';
        const text = inner();
        return text === href || `mailto:${text}` === href ? text : `[${text}](${href})`;
      }
      default: return inner();
    }
  };
  const root = doc.body.firstChild;
  return root ? walk(root).replace(/\n{3,}/g, '\n\n').trim() : '';
}
