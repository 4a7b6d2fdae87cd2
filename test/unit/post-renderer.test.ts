import { describe, expect, it } from 'vitest';
import { renderPostHtmlTimed, RenderTimeoutError } from '../../src/server/services/post-renderer';
import { renderPostHtml } from '../../src/domain/markup';

describe('post Markdown rendered with a time limit', () => {
  it('renders exactly as the in-process renderer does', async () => {
    const md = '## Head\n\nSome *text* with [a link](https://example.org) and <b>raw</b> [bad](javascript:alert(1)) "quotes" -- dashes\n\n> quote\n\n- a\n- b';
    expect(await renderPostHtmlTimed(md)).toBe(renderPostHtml(md));
  });

  it('gives up on a render that overruns, and the next render works', async () => {
    const started = performance.now();
    await expect(renderPostHtmlTimed('!['.repeat(50_000), 50)).rejects.toBeInstanceOf(RenderTimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await renderPostHtmlTimed('Back *again*.')).toBe('<p>Back <em>again</em>.</p>');
  });
});
