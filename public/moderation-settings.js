// The moderation settings form: builds the settings object from the form, runs a dry run, saves.
(function () {
  const form = document.getElementById('moderation-settings');
  const status = document.getElementById('settings-status');
  const result = document.getElementById('dry-run-result');
  let csrf = null;

  async function token() {
    if (!csrf) csrf = (await (await fetch('/api/session', { credentials: 'same-origin' })).json()).csrfToken;
    return csrf;
  }

  function settingsFromForm() {
    const settings = {};
    for (const el of form.querySelectorAll('[name*="."]')) {
      const [section, key] = el.name.split('.');
      settings[section] = settings[section] || {};
      if (el.type === 'checkbox') settings[section][key] = el.checked;
      else if (el.type === 'number') settings[section][key] = Number(el.value);
      else if (el.hasAttribute('data-list')) settings[section][key] = el.value.split('\n').map((w) => w.trim()).filter(Boolean);
      else settings[section][key] = el.value;
    }
    return settings;
  }

  function say(text, isError) {
    status.textContent = text;
    status.hidden = false;
    status.classList.toggle('error', Boolean(isError));
  }

  async function call(method, url, body) {
    const res = await fetch(url, { method, credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-parley-csrf': await token() }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((json.error && json.error.message) || 'Something went wrong.');
    return json;
  }

  function cell(tag, text) {
    const el = document.createElement(tag);
    el.textContent = String(text);
    return el;
  }

  function render(r) {
    result.replaceChildren();
    const table = document.createElement('table');
    table.id = 'dry-run-table';
    const head = document.createElement('tr');
    for (const h of ['', 'published', 'held', 'rejected']) head.append(cell('th', h));
    table.append(head);
    for (const [name, c] of [['Now', r.current], ['With these settings', r.proposed]]) {
      const row = document.createElement('tr');
      row.append(cell('th', name), cell('td', c.publish), cell('td', c.hold), cell('td', c.reject));
      table.append(row);
    }
    const caption = document.createElement('caption');
    caption.textContent = `${r.total} comments of the last ${r.days} days; ${r.changedCount} would be decided differently.`;
    table.prepend(caption);
    result.append(table);
    if (r.changes.length) {
      const list = document.createElement('ul');
      for (const ch of r.changes) list.append(cell('li', `${ch.from} → ${ch.to}: “${ch.excerpt}”`));
      result.append(cell('h3', 'Comments that would change'), list);
    }
  }

  document.getElementById('dry-run').addEventListener('click', async () => {
    say('Replaying recent comments…');
    try {
      render(await call('POST', '/api/admin/moderation/dry-run', { settings: settingsFromForm(), days: Number(form.elements.days.value) }));
      say('Dry run done. Nothing was saved.');
    } catch (err) {
      say(err.message, true);
    }
  });

  document.getElementById('save').addEventListener('click', async () => {
    try {
      await call('PUT', '/api/admin/moderation/settings', { settings: settingsFromForm() });
      say('Saved. New and edited comments are checked with these settings from now on.');
    } catch (err) {
      say(err.message, true);
    }
  });
})();
