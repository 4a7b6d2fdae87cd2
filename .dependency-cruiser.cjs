/* Parley's layer rules, checked by scripts/check-layers.mjs from `npm run lint` (and so by CI), which also
   checks that folders have no cycles. See docs/ARCHITECTURE.md. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds pure rules: it imports nothing of ours but src/domain (npm packages are fine).',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'store-below-http',
      severity: 'error',
      comment: 'The store never imports the HTTP layer or the pages: errors below HTTP are DomainErrors.',
      from: { path: '^src/store/' },
      to: { path: '^src/(server|web)/' },
    },
    {
      name: 'no-route-imports',
      severity: 'error',
      comment: 'Route modules are leaves: only app.ts registers them. Shared code lives in services, store or domain.',
      from: { pathNot: '^src/server/app\\.ts$' },
      to: { path: '^src/server/routes/' },
    },
    {
      name: 'trainer-outside-runtime',
      severity: 'error',
      comment: 'Training code and corpus generators (tools/) stay out of the server bundle; `parley train` loads them lazily.',
      from: { path: '^src/' },
      to: { path: '^tools/' },
    },
  ],
  options: {
    includeOnly: '^(src|tools)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
