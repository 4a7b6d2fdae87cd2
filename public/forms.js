// Turns <form data-api="/api/..."> into a JSON request with the CSRF token; shows the error message in place.
(function () {
  let csrf = null;
  async function token() {
    if (!csrf) csrf = (await (await fetch('/api/session', { credentials: 'same-origin' })).json()).csrfToken;
    return csrf;
  }
  document.addEventListener('submit', async function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.api) return;
    event.preventDefault();
    const box = form.querySelector('[data-error]');
    const body = {};
    // Several checkboxes sharing a name are a list: the values of the ticked ones ([] when none is).
    const isList = (name) => form.querySelectorAll(`input[type=checkbox][name="${CSS.escape(name)}"]`).length > 1;
    for (const [k, v] of new FormData(form)) {
      const input = form.elements.namedItem(k);
      if (isList(k)) body[k] = [...(body[k] || []), v];
      else if (input && input.type === 'checkbox') body[k] = input.checked;
      else if (input && input.type === 'number') body[k] = v === '' ? null : Number(v);
      else body[k] = v;
    }
    for (const input of form.querySelectorAll('input[type=checkbox]')) if (!(input.name in body)) body[input.name] = isList(input.name) ? [] : false;
    const res = await fetch(form.dataset.api, {
      method: form.dataset.method || 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-parley-csrf': await token() },
      body: JSON.stringify(body),
    });
    if (res.ok) {
      if (form.dataset.done && box) { box.textContent = form.dataset.done; box.hidden = false; return; }
      location.href = form.dataset.next || location.href;
      return;
    }
    let message = 'Something went wrong. Please try again.';
    try { message = (await res.json()).error.message; } catch { /* keep the generic message */ }
    if (box) { box.textContent = message; box.hidden = false; }
  });
})();
