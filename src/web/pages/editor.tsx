import type { EditorPost } from '../../publishing/posts';
import type { Source } from '../../domain/posts';
import { formatDateTime, formatDay } from '../../domain/dates';

const STATUS_LABEL: Record<string, string> = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' };

export function PostsAdminPage({ rows, now }: { rows: Array<{ id: string; slug: string; title: string; status: string; published_at: string | null; updated_at: string; comment_count: number; discussion: string; display_name: string | null }>; now: string }) {
  return (
    <section class="admin-posts">
      <div class="admin-head">
        <h1>Posts</h1>
        <a class="button" href="/admin/posts/new">New post</a>
      </div>
      <table class="stack">
        <caption class="visually-hidden">All posts, most recently changed first</caption>
        <thead>
          <tr><th scope="col">Title</th><th scope="col">State</th><th scope="col">Author</th><th scope="col">Comments</th><th scope="col">Changed</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const status = r.status === 'scheduled' && r.published_at !== null && r.published_at <= now ? 'published' : r.status;
            return (
              <tr>
                <td data-label="Title"><a href={`/admin/posts/${r.id}`}>{r.title}</a></td>
                <td data-label="State">
                  <span class={`state state-${status}`}>{STATUS_LABEL[status] ?? status}</span>
                  {r.published_at && status !== 'draft' && <> <time dateTime={r.published_at}>{formatDateTime(r.published_at)}</time></>}
                  {r.discussion === 'closed' && <> · discussion closed</>}
                </td>
                <td data-label="Author">{r.display_name ?? '—'}</td>
                <td data-label="Comments">{r.comment_count}</td>
                <td data-label="Changed"><time dateTime={r.updated_at}>{formatDay(r.updated_at)}</time></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p>No posts yet.</p>}
    </section>
  );
}

function SourceRow({ s, i }: { s: Source | null; i: number }) {
  return (
    <fieldset class="source-row" data-source-row>
      <legend>Source {i + 1}</legend>
      <label>Outlet <input type="text" name="outlet" value={s?.outlet ?? ''} maxLength={120} placeholder="The Times" /></label>
      <label>Headline <input type="text" name="source-title" value={s?.title ?? ''} maxLength={300} /></label>
      <label>Address <input type="url" name="url" value={s?.url ?? ''} maxLength={2000} placeholder="https://" /></label>
      <label>Wording <input type="text" name="phrase" value={s?.phrase ?? ''} maxLength={200} placeholder="has more." list="source-phrases" /></label>
      <button type="button" class="secondary" data-remove-source>Remove source {i + 1}</button>
    </fieldset>
  );
}

/**
 * The editor: a writing canvas (title, standfirst, body with its live preview, sources, address,
 * tags, image) beside a publish panel that stays in view (save, publication, discussion).
 * Behaviour (live preview, sources, saving with the version) is in public/editor.js.
 */
export function EditorPage({ post }: { post: EditorPost | null }) {
  const status = post?.status ?? 'draft';
  return (
    <section class="editor">
      <form id="post-editor" class="editor-layout" data-id={post?.id ?? ''} data-version={String(post?.version ?? 0)} novalidate>
        <div class="editor-canvas">
          <p class="meta editor-crumbs">
            <a href="/admin/posts">← All posts</a>
            {post && <> · <a href={`/admin/posts/${post.id}/preview`}>Preview on the site</a></>}
            {post && post.status === 'published' && <> · <a href={`/posts/${post.slug}`}>View post</a></>}
          </p>
          <h1 class="editor-heading">{post ? 'Edit post' : 'New post'}</h1>
          <div class="notice error" role="alert" data-error hidden tabIndex={-1} />
          <label for="title">Title</label>
          <input type="text" id="title" name="title" class="canvas-title" required maxLength={300} value={post?.title ?? ''} placeholder="A headline that says what happened" />
          <label for="standfirst">Standfirst</label>
          <textarea id="standfirst" name="standfirst" class="canvas-standfirst" rows={2} maxLength={1000} placeholder="One or two sentences: why it matters">{post?.standfirst ?? ''}</textarea>
          <div class="editor-body">
            <div>
              <label for="body">Body <span class="hint">(Markdown)</span></label>
              <textarea id="body" name="bodyMd" class="canvas-body" rows={16} maxLength={200000}>{post?.bodyMd ?? ''}</textarea>
            </div>
            <div>
              <h2 class="label-like" id="preview-label">Preview</h2>
              <div id="preview" class="post-body preview" aria-labelledby="preview-label" aria-live="polite" dangerouslySetInnerHTML={{ __html: post?.bodyHtml ?? '' }} />
            </div>
          </div>
          <h2 class="canvas-section">Sources</h2>
          <div id="sources">
            {(post?.sources ?? []).map((s, i) => <SourceRow s={s} i={i} />)}
          </div>
          <template id="source-template"><SourceRow s={null} i={0} /></template>
          <datalist id="source-phrases">
            <option value="has more." />
            <option value="Worth reading in full." />
            <option value="has the details." />
            <option value="reports." />
          </datalist>
          <p><button type="button" class="secondary" id="add-source">Add a source</button></p>
          <h2 class="canvas-section">Details</h2>
          <label for="slug">Address <span class="hint">(/posts/…; from the title when empty)</span></label>
          <input type="text" id="slug" name="slug" maxLength={120} pattern="[a-z0-9][a-z0-9-]*" value={post?.slug ?? ''} />
          <label for="tags">Tags <span class="hint">(separated by commas)</span></label>
          <input type="text" id="tags" name="tags" value={(post?.tags ?? []).map((t) => t.name).join(', ')} />
          <label for="image-url">Featured image address</label>
          <input type="url" id="image-url" name="imageUrl" value={post?.featuredImage?.url ?? ''} maxLength={2000} />
          <label for="image-alt">Featured image description (alt text)</label>
          <input type="text" id="image-alt" name="imageAlt" value={post?.featuredImage?.alt ?? ''} maxLength={500} />
        </div>
        <aside class="publish-panel" aria-label="Publishing">
          <div class="editor-actions">
            <button type="submit" id="save">Save</button>
            <span class="meta" role="status" data-status>{post ? `Version ${post.version}` : ''}</span>
          </div>
          <fieldset class="choices">
            <legend>Publication</legend>
            <label class="inline"><input type="radio" name="status" value="draft" checked={status === 'draft'} /> Draft</label>
            <label class="inline"><input type="radio" name="status" value="published" checked={status === 'published'} /> Published{post?.publishedAt && status === 'published' ? ` (${formatDay(post.publishedAt)})` : ' now'}</label>
            <label class="inline"><input type="radio" name="status" value="scheduled" checked={status === 'scheduled'} /> Scheduled for</label>
            <label for="publish-at" class="visually-hidden">Publication time</label>
            <input type="datetime-local" id="publish-at" name="publishAt" data-iso={status === 'scheduled' ? (post?.publishedAt ?? '') : ''} />
          </fieldset>
          <fieldset class="choices">
            <legend>Discussion</legend>
            <label class="inline"><input type="radio" name="discussion" value="open" checked={(post?.discussion ?? 'open') === 'open'} /> Open</label>
            <label class="inline"><input type="radio" name="discussion" value="closed" checked={post?.discussion === 'closed'} /> Closed</label>
            <label for="closes-at">Closes by itself at <span class="hint">(optional)</span></label>
            <input type="datetime-local" id="closes-at" name="closesAt" data-iso={post?.discussionClosesAt ?? ''} />
          </fieldset>
        </aside>
      </form>
    </section>
  );
}
