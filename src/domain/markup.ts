import MarkdownIt from 'markdown-it';

/* Comment markup: paragraphs, bold, italics, quotes and links. Raw HTML is off, so every tag an
   author types is shown as text; links are limited to http(s)/mailto and marked as user content. */

const comments = new MarkdownIt('zero', { html: false, linkify: true, breaks: true, typographer: false })
  .enable(['paragraph', 'newline', 'emphasis', 'blockquote', 'link', 'linkify', 'escape', 'backticks', 'list'])
  .disable(['image']);

const SAFE_URL = /^(https?:|mailto:)/i;

/** Posts are written by editors: a fuller Markdown, still without raw HTML. Plain data, so the
    time-limited renderer (a worker thread) builds exactly the same renderer. */
export const POST_MARKDOWN = { preset: 'default', options: { html: false, linkify: true, typographer: true }, safeUrl: SAFE_URL.source } as const;
const posts = new MarkdownIt(POST_MARKDOWN.preset, POST_MARKDOWN.options);
for (const md of [comments, posts]) {
  md.validateLink = (url: string) => SAFE_URL.test(url.trim());
}

comments.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (!token) return self.renderToken(tokens, idx, options);
  token.attrSet('rel', 'nofollow ugc noopener');
  token.attrSet('target', '_blank');
  return self.renderToken(tokens, idx, options);
};

export function renderCommentHtml(body: string): string {
  return comments.render(body).trim();
}

export function renderPostHtml(markdown: string): string {
  return posts.render(markdown).trim();
}
