// Stripe webhook handling on SQLite: the latency of one signed checkout.session.completed that
// records a donation and recomputes the donor's supporter status (one fsynced transaction), and of
// a replayed event id (answered without effects), against a bare node:http server that returns the
// same bytes (same machine, same run, same client). Sequential keep-alive requests. Prints ONE JSON line.
// usage: node bench/webhooks.mjs [--requests 300]
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { register } from 'tsx/esm/api';

register();
const { loadConfig } = await import('../src/config.ts');
const { startServer } = await import('../src/server/start.ts');
const { createUser } = await import('../src/store/users.ts');

const args = process.argv.slice(2);
const REQUESTS = Number(args[args.indexOf('--requests') + 1] || 300) || 300;
const SECRET = 'whsec_bench_0123456789';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-webhooks-'));
const config = loadConfig({ PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'w.db')}`, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent', PARLEY_STRIPE_WEBHOOK_SECRET: SECRET });
const server = await startServer(config, {}, { print: () => {} });
const users = [];
for (let i = 0; i < 200; i++) users.push(await createUser(server.ctx.db, { email: `donor${i}@bench.example`, displayName: `Donor ${i}`, passwordHash: null }, new Date()));

let n = 0;
function checkoutEvent() {
  n += 1;
  const user = users[n % users.length];
  const created = Math.floor(Date.now() / 1000);
  return {
    id: `evt_bench_${n}`, object: 'event', api_version: '2026-10-28.endive', created, livemode: false, pending_webhooks: 1, request: { id: `req_${n}`, idempotency_key: null }, type: 'checkout.session.completed',
    data: { object: { id: `cs_bench_${n}`, object: 'checkout.session', amount_subtotal: 500, amount_total: 500, client_reference_id: user.id, created, currency: 'gbp', customer: `cus_bench_${n % users.length}`, customer_details: { email: user.email }, livemode: false, metadata: { parley_user_id: user.id }, mode: 'payment', payment_intent: `pi_bench_${n}`, payment_status: 'paid', status: 'complete', submit_type: 'donate', subscription: null, invoice: null } },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function post(url, payload, headers) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
function signed(evt) {
  const payload = JSON.stringify(evt);
  return { payload, headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) } };
}
const q = (times, p) => Math.round([...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
async function measure(make, url) {
  for (let i = 0; i < 30; i++) { const { payload, headers } = make(); await post(url, payload, headers); } // warm-up
  const times = [];
  let body;
  for (let i = 0; i < REQUESTS; i++) {
    const { payload, headers } = make();
    const res = await post(url, payload, headers);
    if (res.status !== 200) throw new Error(`${res.status} ${res.body}`);
    body = res.body;
    times.push(res.ms);
  }
  return { median: q(times, 0.5), p95: q(times, 0.95), body };
}

const hook = `${server.url}/api/webhooks/stripe`;
const fresh = await measure(() => signed(checkoutEvent()), hook);
const replayed = checkoutEvent();
await post(hook, ...Object.values(signed(replayed)));
const replay = await measure(() => signed(replayed), hook);
const donations = Number((await server.ctx.db.selectFrom('donations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);

async function bareFor(bytes) {
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length }); res.end(bytes); });
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  const m = await measure(() => signed(checkoutEvent()), `http://127.0.0.1:${bare.address().port}/`);
  await new Promise((r) => bare.close(r));
  return m;
}
const bareFresh = await bareFor(fresh.body);
const bareReplay = await bareFor(replay.body);
agent.destroy();
await server.close();
fs.rmSync(dir, { recursive: true, force: true });
const row = (m, b) => ({ medianMs: m.median, p95Ms: m.p95, bareMedianMs: b.median, bareP95Ms: b.p95, ratio: Math.round((m.median / b.median) * 10) / 10, serverMs: Math.round((m.median - b.median) * 100) / 100 });
console.log(JSON.stringify({ bench: 'webhooks', requests: REQUESTS, cores: os.cpus().length, loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10, donationsRecorded: donations, newDonation: row(fresh, bareFresh), replayedEvent: row(replay, bareReplay), target: { newDonationMedianUnder100ms: fresh.median < 100 } }));
