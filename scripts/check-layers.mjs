#!/usr/bin/env node
/* Parley's layer rules, run by `npm run lint` (and so by CI):
   1. the rules in .dependency-cruiser.cjs (domain is pure, the store is below HTTP, nothing imports a route module);
   2. no folder cycles: the folders under src/ (domain, store, server, web, moderation, …) depend on
      each other in one direction. dependency-cruiser's own
      folder rule cannot carry exceptions, so the folder graph is checked here, without the
      imports listed in KNOWN_BACK_EDGES (code that cannot move today). A new cycle fails;
   3. all SQL in src/store/: no query-builder call or sql tag elsewhere, but in the files SQL_OUTSIDE_STORE lists. */
import { readFileSync } from 'node:fs';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** Imports that go against the folder order today: [importing file (regex), imported file (regex), why]. */
const KNOWN_BACK_EDGES = [
  ['.*', '^src/server/context\\.ts$', 'AppContext lives in server/ but every layer is handed it'],
  // server/ sits below web/ (pages use the session plugin and services), except where it assembles or answers with pages:
  ['^src/server/(app|start)\\.ts$', '.*', 'start-up and app assembly (pages, the demo seed) sit in server/'],
  ['^src/server/routes/auth\\.ts$', '^src/web/', 'sign-in links answer with a page (the confirm form, an expired link)'],
];

/** Files outside src/store/ that still build SQL, each with why: [file, reason]. A file in this list that no longer builds SQL fails too, so the list stays true. */
const SQL_OUTSIDE_STORE = [];

const config = await extractDepcruiseConfig('./.dependency-cruiser.cjs');
const tsConfig = extractTSConfig('tsconfig.json');
const { output } = await cruise(['src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: 'json' }, {}, { tsConfig });
const result = typeof output === 'string' ? JSON.parse(output) : output;

let failed = false;
for (const v of result.summary.violations) {
  if (v.rule.severity !== 'error') continue;
  failed = true;
  console.error(`layer rule ${v.rule.name}: ${v.from} → ${v.to}`);
}

// 3. All SQL lives in src/store/: query-builder calls and Kysely's sql tag appear nowhere else (migrations are in the store too).
const SQL_CALL = /\.(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\(|\bsql\s*(`|<|\.(raw|ref|id|lit|join|val)\()|import\s*\{[^}]*\bsql\b[^}]*\}\s*from\s*'kysely'/;
const sqlExceptions = new Map(SQL_OUTSIDE_STORE);
for (const m of result.modules) {
  const file = m.source;
  if (!/^src\/.*\.tsx?$/.test(file) || file.startsWith('src/store/')) continue;
  const text = readFileSync(file, 'utf8');
  const line = text.split('\n').findIndex((l) => SQL_CALL.test(l));
  if (line >= 0 && !sqlExceptions.has(file)) {
    failed = true;
    console.error(`SQL outside src/store/: ${file}:${line + 1} (add a function to the store module of its aggregate)`);
  }
  if (line < 0 && sqlExceptions.has(file)) {
    failed = true;
    console.error(`${file} no longer builds SQL: remove it from SQL_OUTSIDE_STORE in scripts/check-layers.mjs`);
  }
}

/** The area a file belongs to: its folder directly under src/ (a file at the top, like cli.ts, is its own). */
const folderOf = (file) => file.split('/').slice(0, 2).join('/');
const known = KNOWN_BACK_EDGES.map(([from, to]) => [new RegExp(from), new RegExp(to)]);
const edges = new Map(); // folder → Map(folder → example import)
for (const m of result.modules) {
  for (const d of m.dependencies) {
    if (!d.resolved.startsWith('src/')) continue;
    const a = folderOf(m.source);
    const b = folderOf(d.resolved);
    if (a === b || known.some(([f, t]) => f.test(m.source) && t.test(d.resolved))) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    if (!edges.get(a).has(b)) edges.get(a).set(b, `${m.source} → ${d.resolved}`);
  }
}

// Tarjan's strongly connected components: any component of two or more folders is a cycle.
let index = 0;
const idx = new Map(), low = new Map(), stack = [], onStack = new Set(), cycles = [];
function visit(v) {
  idx.set(v, index); low.set(v, index); index++;
  stack.push(v); onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const scc = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); scc.push(w); } while (w !== v);
    if (scc.length > 1) cycles.push(scc);
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);
for (const scc of cycles) {
  failed = true;
  console.error(`folder cycle between ${scc.join(', ')}:`);
  for (const a of scc) for (const [b, example] of edges.get(a) ?? []) if (scc.includes(b)) console.error(`  ${example}`);
}

if (failed) process.exit(1);
console.log(`layer rules hold: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports, ${edges.size} folders without cycles (${KNOWN_BACK_EDGES.length} known exceptions), SQL only in src/store/ (${SQL_OUTSIDE_STORE.length} files left to move)`);
