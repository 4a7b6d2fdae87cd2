/**
 * `parley train`: trains the abuse classifier from the shared data and writes
 * models/abuse-model.json, with a progress bar and the held-out metrics.
 *   npx tsx tools/train/train-cli.ts [--data DIR] [--seed N] [--out FILE]
 */
import cliProgress from 'cli-progress';
import { defaultDataDir } from './data';
import { train, type TrainOptions } from './train';

export async function runTrainCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dataDir = arg('--data') ?? defaultDataDir();
  const seed = Number(arg('--seed') ?? 1);
  const opts: TrainOptions = { dataDir, seed };
  const out = arg('--out');
  if (out) opts.outFile = out;
  const bar = new cliProgress.SingleBar(
    { format: ' {stage} [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let stage = '';
  bar.start(1, 0, { stage: 'load' });
  opts.onProgress = (p) => {
    if (p.stage !== stage) {
      stage = p.stage;
      bar.setTotal(p.total);
    }
    bar.update(p.done, { stage: p.stage.padEnd(8) });
  };
  const res = await train(opts);
  bar.stop();
  const pct = (x: number) => (x * 100).toFixed(1) + '%';
  const m = res.metrics;
  console.log(`trained in ${res.seconds.toFixed(1)} s on ${dataDir}; wrote ${res.outFile ?? '(nothing)'}`);
  console.log('examples per source (train/dev/test):', JSON.stringify(res.counts));
  console.log(`suggested thresholds: hold >= ${res.suggested.low} (as good on OLID dev: ${res.suggested.nearBest?.join(', ')}), reject >= ${res.suggested.high}`);
  console.log(`held-out OLID (n=${m.olidTest.n}): macro-F1 ${m.olidTest.macroF1.toFixed(3)}, precision ${pct(m.olidTest.precision)}, recall ${pct(m.olidTest.recall)}, accuracy ${pct(m.olidTest.accuracy)}`);
  console.log(`held-out OLID, classifier alone: macro-F1 ${m.olidTestClassifierOnly.macroF1.toFixed(3)}`);
  console.log(`held-out toxic news comments flagged: ${pct(m.civilToxicTestRecall)}`);
  console.log(`held-out civil remainder of those comments flagged: ${pct(m.civilRemainderTestFalsePositiveRate)}`);
  console.log(`held-out generated civil comments flagged: ${pct(m.generatedCivilTestFalsePositiveRate)}`);
  console.log(`held-out generated neutral news comments flagged: ${pct(m.generatedNewsTestFalsePositiveRate)}`);
  console.log(`held-out WordNet sentences flagged: ${pct(m.wordnetTestFalsePositiveRate)}`);
  console.log(`held-out written abusive comments flagged: ${pct(m.writtenAbusiveTestRecall)}, written clean ones: ${pct(m.writtenCleanTestFalsePositiveRate)}`);
  console.log(`held-out everyday comments flagged: ${pct(m.everydayTestFalsePositiveRate)}`);
}

const isMain = process.argv[1] && /train-cli\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  runTrainCli().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
