// The supporter form (/support) and the "manage donations" button (/account): JSON requests with the CSRF token.
(function () {
  let csrf = null;
  async function token() {
    if (!csrf) csrf = (await (await fetch('/api/session', { credentials: 'same-origin' })).json()).csrfToken;
    return csrf;
  }
  async function post(url, body) {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-parley-csrf': await token() },
      body: JSON.stringify(body),
    });
    let json = null;
    try { json = await res.json(); } catch (e) { /* no body */ }
    return { ok: res.ok, json: json };
  }
  function show(box, message) {
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    if (box.focus) box.focus();
  }

  const form = document.querySelector('form[data-support]');
  if (form) {
    const digits = Number(form.dataset.digits || '2');
    const box = form.querySelector('[data-error]');
    const custom = form.querySelector('input[name=custom]');
    function monthly() {
      const r = form.querySelector('input[name=frequency][value=monthly]');
      return !!(r && r.checked);
    }
    function sync() {
      for (const group of form.querySelectorAll('[data-presets]')) {
        const on = group.dataset.presets === (monthly() ? 'monthly' : 'one_off');
        group.hidden = !on;
        for (const input of group.querySelectorAll('input')) input.disabled = !on;
      }
    }
    form.addEventListener('change', function (event) {
      const t = event.target;
      if (t.name === 'frequency') sync();
      if (t.name === 'preset' && custom) custom.value = '';
    });
    if (custom) custom.addEventListener('input', function () {
      if (custom.value.trim()) for (const r of form.querySelectorAll('input[name=preset]')) r.checked = false;
    });
    sync();
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      if (box) box.hidden = true;
      let amount = null;
      const typed = custom ? custom.value.trim().replace(',', '.') : '';
      if (typed) {
        const n = Number(typed);
        if (!Number.isFinite(n) || n <= 0) return show(box, 'Please enter an amount, such as 7.50.');
        amount = Math.round(n * Math.pow(10, digits));
      } else {
        const picked = form.querySelector('input[name=preset]:checked:not(:disabled)');
        if (picked) amount = Number(picked.value);
      }
      if (!amount) return show(box, 'Please choose or enter an amount.');
      const button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      try {
        const res = await post('/api/support/checkout', { amount: amount, currency: form.dataset.currency, recurring: monthly() });
        if (res.ok && res.json && res.json.url) { location.href = res.json.url; return; }
        show(box, (res.json && res.json.error && res.json.error.message) || 'Something went wrong. Please try again.');
      } catch (e) {
        show(box, 'The payment page could not be reached. Please check your connection and try again.');
      }
      if (button) button.disabled = false;
    });
  }

  for (const button of document.querySelectorAll('[data-portal]')) {
    button.addEventListener('click', async function () {
      const box = document.querySelector('[data-portal-error]');
      button.disabled = true;
      try {
        const res = await post('/api/support/portal', {});
        if (res.ok && res.json && res.json.url) { location.href = res.json.url; return; }
        show(box, (res.json && res.json.error && res.json.error.message) || 'Something went wrong. Please try again.');
      } catch (e) {
        show(box, 'Stripe could not be reached. Please try again.');
      }
      button.disabled = false;
    });
  }
})();
