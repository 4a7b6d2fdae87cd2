// The post editor: live Markdown preview, source rows, and saving with optimistic locking
// (the form carries the version it was loaded at; a 409 edit_conflict says someone else saved first).
(function () {
  const form = document.getElementById('post-editor');
  if (!form) return;
  const $ = (sel) => form.querySelector(sel);
  const errorBox = $('[data-error]');
  const statusBox = $('[data-status]');
  let csrf = null;
  async function token() {
    if (!csrf) csrf = (await (await fetch('/api/session', { credentials: 'same-origin' })).json()).csrfToken;
    return csrf;
  }
  async function api(method, url, body) {
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-parley-csrf': await token() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try { json = await res.json(); } catch (e) { /* empty body */ }
    return { res, json };
  }
  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
  }

  // datetime-local shows local time; the API speaks UTC ISO.
  function toLocalInput(iso) {
    const d = new Date(iso);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  for (const input of form.querySelectorAll('input[type=datetime-local][data-iso]')) {
    if (input.dataset.iso) input.value = toLocalInput(input.dataset.iso);
  }
  const fromLocalInput = (v) => (v ? new Date(v).toISOString() : null);

  // Live preview, debounced, rendered by the same Markdown renderer as the site.
  const body = $('#body');
  const preview = $('#preview');
  let timer = null;
  let seq = 0;
  body.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++seq;
      const { res, json } = await api('POST', '/api/admin/posts/preview', { bodyMd: body.value });
      if (mine === seq && res.ok) preview.innerHTML = json.html;
    }, 250);
  });

  // Sources: add and remove rows; labels stay numbered.
  const list = $('#sources');
  const template = document.getElementById('source-template');
  function renumber() {
    list.querySelectorAll('[data-source-row]').forEach((row, i) => {
      row.querySelector('legend').textContent = `Source ${i + 1}`;
      row.querySelector('[data-remove-source]').textContent = `Remove source ${i + 1}`;
    });
  }
  $('#add-source').addEventListener('click', () => {
    const row = template.content.firstElementChild.cloneNode(true);
    list.appendChild(row);
    renumber();
    row.querySelector('input').focus();
  });
  list.addEventListener('click', (e) => {
    const btn = e.target.closest('[data-remove-source]');
    if (!btn) return;
    btn.closest('[data-source-row]').remove();
    renumber();
  });

  const schedule = $('#publish-at');
  schedule.addEventListener('input', () => { if (schedule.value) $('input[name=status][value=scheduled]').checked = true; });

  function collect() {
    const sources = [];
    for (const row of list.querySelectorAll('[data-source-row]')) {
      const outlet = row.querySelector('[name=outlet]').value.trim();
      const url = row.querySelector('[name=url]').value.trim();
      if (!outlet && !url) continue;
      const s = { outlet, url };
      const title = row.querySelector('[name=source-title]').value.trim();
      const phrase = row.querySelector('[name=phrase]').value.trim();
      if (title) s.title = title;
      if (phrase) s.phrase = phrase;
      sources.push(s);
    }
    const status = form.querySelector('input[name=status]:checked').value;
    const data = {
      title: $('#title').value.trim(),
      standfirst: $('#standfirst').value,
      bodyMd: body.value,
      tags: $('#tags').value.split(',').map((t) => t.trim()).filter(Boolean),
      sources,
      featuredImage: $('#image-url').value.trim() ? { url: $('#image-url').value.trim(), alt: $('#image-alt').value.trim() } : null,
      status,
      discussion: form.querySelector('input[name=discussion]:checked').value,
      discussionClosesAt: fromLocalInput($('#closes-at').value),
    };
    const slug = $('#slug').value.trim();
    if (slug) data.slug = slug;
    if (status === 'scheduled') data.publishedAt = fromLocalInput(schedule.value);
    return data;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errorBox.hidden = true;
    const data = collect();
    if (!data.title) return showError('A post needs a title.');
    if (data.status === 'scheduled' && !data.publishedAt) return showError('Choose when the post should be published.');
    for (const s of data.sources) if (!s.outlet || !/^https?:\/\//.test(s.url)) return showError('Each source needs an outlet and an address starting with http:// or https://.');
    const id = form.dataset.id;
    const save = $('#save');
    save.disabled = true;
    statusBox.textContent = 'Saving…';
    try {
      const { res, json } = id
        ? await api('PATCH', `/api/admin/posts/${id}`, { ...data, version: Number(form.dataset.version) })
        : await api('POST', '/api/admin/posts', data);
      if (res.ok) {
        const post = json.post;
        if (!id) { location.href = `/admin/posts/${post.id}?saved=1`; return; }
        form.dataset.version = String(post.version);
        $('#slug').value = post.slug;
        const label = { draft: 'Draft saved', scheduled: 'Scheduled', published: 'Published' }[post.status];
        statusBox.textContent = `${label} · version ${post.version}`;
        return;
      }
      statusBox.textContent = '';
      if (json && json.error && json.error.code === 'edit_conflict') {
        showError(`${json.error.message} (Your version: ${form.dataset.version}; saved version: ${json.error.currentVersion}.) Copy your changes, then reload the page.`);
      } else {
        showError((json && json.error && json.error.message) || 'Saving failed. Please try again.');
      }
    } catch (err) {
      statusBox.textContent = '';
      showError('Could not reach the server. Your text is still here; try again.');
    } finally {
      save.disabled = false;
    }
  });
  if (new URLSearchParams(location.search).has('saved')) statusBox.textContent = `Saved · version ${form.dataset.version}`;
})();
