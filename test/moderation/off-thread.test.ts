import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { moderate } from '../../src/moderation/pipeline';
import { moderateOffThread, moderationThread, warmUpModeration } from '../../src/moderation/off-thread';
import { fixtureLines, input, settingsWith } from './helpers';

// from source the worker is opt-in (src/moderation/off-thread.ts); the built server always starts it
process.env.PARLEY_MODERATION_WORKER = '1';

describe('moderation off the main thread', () => {
  it('runs in a worker thread and decides exactly as the pipeline does here', async () => {
    await warmUpModeration();
    expect(moderationThread()).toBe('worker');
    const cases = [
      input(),
      input({ text: 'You are a pathetic moron and this is shit.' }),
      input({ text: 'This is shit, see https://a.example.com', userPatch: { underReview: true } }),
      input({ text: 'The same words again.', recent: { userCommentsLastMinute: 0, userCommentsLastHour: 0, userCommentsOnPostLast10Min: 0, userRecentBodies: ['the same words, again!'] } }),
      input({ text: 'Far too quick.', recent: { userCommentsLastMinute: 9, userCommentsLastHour: 9, userCommentsOnPostLast10Min: 9, userRecentBodies: [] } }),
      input({ text: 'A new supporter with a link: https://example.org/x', userPatch: { publishedCommentCount: 0, supporterSince: '2024-12-31T12:00:00Z' } }),
      input({ text: 'Those people are vermin.', settings: settingsWith({ evidence: { extraGroups: ['ramblers'] } }) }),
      input({ user: null }),
      ...fixtureLines('trap-words-dev.txt').slice(0, 40).map((text) => input({ text })),
    ];
    const answers = await Promise.all(cases.map((c) => moderateOffThread(c)));
    expect(answers).toEqual(cases.map((c) => moderate(c)));
    expect(new Set(answers.map((a) => a.decision))).toEqual(new Set(['publish', 'hold', 'reject']));
  });

  it('does not keep a process alive once its comments are answered', async () => {
    // a script that moderates one comment and then has nothing left to do ends by itself
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-off-thread-'));
    const script = path.join(dir, 'one-comment.mts');
    const src = (name: string) => JSON.stringify(new URL(`../../src/moderation/${name}`, import.meta.url).href);
    fs.writeFileSync(
      script,
      `import { moderateOffThread } from ${src('off-thread.ts')};
import { contentOnlyInput } from ${src('stream.ts')};
const r = await moderateOffThread(contentOnlyInput('The bus ran late again.'));
console.log(r.decision);
`,
    );
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 30_000, env: { ...process.env, PARLEY_MODERATION_WORKER: '1' } });
      expect(stdout.trim()).toBe('publish');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
