/**
 * Trains Parley's abuse classifier: hashed word + character n-gram features, logistic regression fitted with
 * AdaGrad in three orders of the examples (each hashed from the seed and the example ids) and averaged, so the
 * same data and seed give the same model file. Evaluates on a held-out split chosen by a hash of each example's
 * id (never trained on) and writes models/abuse-model.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { featurize } from '../../src/moderation/classifier/features';
import { DEFAULT_MODEL_PATH, modelFromFile, modelToFile, scoreLogit, type AbuseModel, type AbuseModelFile, type Suggested } from '../../src/moderation/classifier/model';
import { fnv1a } from '../../src/moderation/text';
import { dataAvailable, generatedCivil, generatedNews, loadCivil, loadDavidson, loadOlid, loadToxigen, loadWritten, wordnetClean, type Example, type Source } from './data';
import { getProfanityMatcher, DEFAULT_IGNORED_ENGLISH } from '../../src/moderation/profanity';
import { analyseComment, findCues } from '../../src/moderation/analysis/evidence';
import { actionFor } from '../../src/moderation/analysis/policy-table';
import { DEFAULT_MODERATION_SETTINGS } from '../../src/moderation/settings';

export interface TrainProgress {
  stage: 'load' | 'features' | 'epoch' | 'evaluate' | 'write';
  done: number;
  total: number;
  message?: string;
}

export interface TrainOptions {
  dataDir: string;
  seed: number;
  onProgress?: (p: TrainProgress) => void;
  /** where to write the model; default models/abuse-model.json in this repository; null = do not write */
  outFile?: string | null;
  epochs?: number;
  /** experiment knobs (defaults are the shipped configuration) */
  sourceWeights?: Partial<Record<Source, number>>;
  lr?: number;
  /** per-source bias features during training (dropped from the shipped model) */
  sourceBias?: boolean;
  /** character n-gram features (default true) */
  charNgrams?: boolean;
  /** NB-LR: scale features by their naive-Bayes log-count ratio before fitting (folded into the weights) */
  nb?: boolean;
  l2?: number;
  /** log2 of the hashed feature space */
  bits?: number;
  /** leave profane examples out of training (the profanity phase decides those) */
  dropProfane?: boolean;
  /** how many generated neutral news comments */
  news?: number;
  /** how many orders of the examples to fit in, the weights averaged over them (default 3) */
  orders?: number;
  /** share of the clean dev text the hold threshold may catch (default CLEAN_DEV_BUDGET) */
  cleanBudget?: number;
}

export interface BinaryMetrics {
  n: number;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
  /** F1 of the negative class */
  f1Negative: number;
  macroF1: number;
  accuracy: number;
}

export interface TrainResult {
  model: AbuseModel;
  file: AbuseModelFile;
  outFile: string | null;
  counts: Record<string, { train: number; dev: number; test: number }>;
  suggested: Suggested;
  /** held-out metrics; "abusive" = score >= low OR profanity OR rule match, as the pipeline decides */
  metrics: {
    olidTest: BinaryMetrics;
    olidTestClassifierOnly: BinaryMetrics;
    civilToxicTestRecall: number;
    civilRemainderTestFalsePositiveRate: number;
    generatedCivilTestFalsePositiveRate: number;
    generatedNewsTestFalsePositiveRate: number;
    wordnetTestFalsePositiveRate: number;
    writtenAbusiveTestRecall: number;
    writtenCleanTestFalsePositiveRate: number;
    everydayTestFalsePositiveRate: number;
  };
  seconds: number;
}

/** Per-source example weights: the tweet sets are large; news-style text is what Parley sees. */
const SOURCE_WEIGHT: Record<Source, number> = {
  olid: 1,
  davidson: 0.35,
  'civil-toxic': 0.8,
  'civil-remainder': 0.8,
  'generated-civil': 0.6,
  'generated-news': 1,
  wordnet: 0.15,
  toxigen: 1,
  written: 4,
  everyday: 2,
};

/**
 * Clean comments (generated, and the clean ones written for Parley), and how much of those the evidence step
 * publishes the hold threshold may catch: less than the 1.5 % of civil comments Parley may hold in all. The
 * everyday comments stay out: they were written around the words the model weighed most, so they are the
 * model's hardest clean text, not a sample of what readers write.
 */
const CLEAN_SOURCES: ReadonlySet<Source> = new Set<Source>(['generated-civil', 'generated-news', 'written']);
const CLEAN_DEV_BUDGET = 0.01;
/** OLID dev macro-F1 this close to the best counts as the best when the hold threshold is chosen */
const F1_TIE = 0.005;

export function binaryMetrics(truth: ArrayLike<number>, pred: ArrayLike<number>): BinaryMetrics {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] === 1, p = pred[i] === 1;
    if (t && p) tp++;
    else if (!t && p) fp++;
    else if (t && !p) fn++;
    else tn++;
  }
  const f1 = (a: number, b: number, c: number) => (2 * a === 0 ? 0 : (2 * a) / (2 * a + b + c));
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1Pos = f1(tp, fp, fn);
  const f1Neg = f1(tn, fn, fp);
  return {
    n: truth.length, positives: tp + fn, precision, recall, f1: f1Pos, f1Negative: f1Neg,
    macroF1: (f1Pos + f1Neg) / 2, accuracy: (tp + tn) / Math.max(1, truth.length),
  };
}

function sourceBiasIndex(source: string, dim: number): number {
  // the last slots of the table; a handful of hashed features may share them, which costs nothing measurable
  return dim - 1 - Object.keys(SOURCE_WEIGHT).indexOf(source);
}

interface Vec { idx: Int32Array; val: Float32Array }

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Logistic regression with AdaGrad and L2. Each epoch's order is set by a hash of the seed, the epoch and each
 * example's id, so that adding or dropping an example leaves every other example's place alone and a small change
 * to the data is a small change to the model.
 */
function fitLogistic(
  vecs: readonly Vec[],
  examples: readonly Example[],
  weight: Float32Array,
  o: { dim: number; epochs: number; lr: number; l2: number; seed: string },
  onEpoch: (ep: number) => void,
): { w: Float32Array; bias: number } {
  const w = new Float32Array(o.dim);
  const g2 = new Float32Array(o.dim).fill(1e-8);
  let bias = 0, gb2 = 1e-8;
  const order = Array.from(examples.keys());
  for (let ep = 0; ep < o.epochs; ep++) {
    const place = examples.map((e) => fnv1a(`${o.seed}:${ep}:${e.id}`));
    order.sort((a, b) => place[a]! - place[b]! || a - b);
    for (const k of order) {
      const v = vecs[k]!;
      let z = bias;
      for (let f = 0; f < v.idx.length; f++) z += w[v.idx[f]!]! * v.val[f]!;
      const g = (sigmoid(z) - examples[k]!.label) * weight[k]!;
      for (let f = 0; f < v.idx.length; f++) {
        const i = v.idx[f]!;
        const gi = g * v.val[f]! + o.l2 * w[i]!;
        g2[i]! += gi * gi;
        w[i]! -= (o.lr * gi) / Math.sqrt(g2[i]!);
      }
      gb2 += g * g;
      bias -= (o.lr * g) / Math.sqrt(gb2);
    }
    onEpoch(ep);
  }
  return { w, bias };
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const t0 = performance.now();
  const bits = opts.bits ?? 18;
  const dim = 1 << bits;
  const epochs = opts.epochs ?? 10;
  const progress = opts.onProgress ?? (() => {});
  if (!dataAvailable(opts.dataDir)) throw new Error(`training data not found in ${opts.dataDir} (set PARLEY_TRAINING_DATA)`);

  progress({ stage: 'load', done: 0, total: 1 });
  const profanity = getProfanityMatcher({ ignore: DEFAULT_IGNORED_ENGLISH, words: [], allow: [] });
  const isProfane = (s: string) => profanity.find(s).length > 0;
  // training leaves out every example holding a listed word, even in an innocent sense (the featurizer skips
  // those words anyway), so the training set does not depend on the context rules of ambiguous.ts
  const strict = getProfanityMatcher({ ignore: DEFAULT_IGNORED_ENGLISH, words: [], allow: [], context: false });
  const hasListedWord = (s: string) => strict.find(s).length > 0;
  const examples: Example[] = [
    ...loadOlid(opts.dataDir),
    ...loadDavidson(opts.dataDir),
    ...loadCivil(opts.dataDir, hasListedWord),
    ...generatedCivil(4000, opts.seed),
    ...generatedNews(opts.news ?? 8000, opts.seed),
    ...wordnetClean((s) => !hasListedWord(s) && findCues(analyseComment(s)).length === 0),
    ...loadToxigen(opts.dataDir),
    ...loadWritten(),
  ];
  progress({ stage: 'load', done: 1, total: 1 });

  const sourceWeights: Record<Source, number> = { ...SOURCE_WEIGHT, ...opts.sourceWeights };
  const counts: TrainResult['counts'] = {};
  for (const e of examples) {
    const c = (counts[e.source] ??= { train: 0, dev: 0, test: 0 });
    c[e.split]++;
  }

  const useSourceBias = opts.sourceBias ?? false;
  const chars = opts.charNgrams ?? true;
  // the pipeline flags profane text in the profanity phase; the model learns the rest
  const dropProfane = opts.dropProfane ?? true;
  const trainSet = examples.filter((e) => e.split === 'train' && !(dropProfane && hasListedWord(e.text)));
  const vecs: Vec[] = [];
  for (let i = 0; i < trainSet.length; i++) {
    const e = trainSet[i]!;
    const fv = featurize(e.text, dim, false, chars);
    if (useSourceBias && e.source !== 'olid') {
      // a bias feature per source soaks up each source's own base rate and labelling habits
      const b = sourceBiasIndex(e.source, dim);
      vecs.push({ idx: Int32Array.from([...fv.idx, b]), val: Float32Array.from([...fv.val, 1]) });
    } else vecs.push({ idx: fv.idx, val: fv.val });
    if (i % 2000 === 0) progress({ stage: 'features', done: i, total: trainSet.length });
  }
  progress({ stage: 'features', done: trainSet.length, total: trainSet.length });

  // each example weighs as its source does
  const weight = new Float32Array(trainSet.length);
  trainSet.forEach((e, i) => {
    weight[i] = sourceWeights[e.source];
  });

  // optional NB-LR: scale each feature by its naive-Bayes log-count ratio
  const useNb = opts.nb ?? true;
  const ratio = new Float32Array(dim).fill(1);
  if (useNb) {
    const p = new Float64Array(dim).fill(1), q = new Float64Array(dim).fill(1);
    vecs.forEach((v, k) => {
      const tgt = trainSet[k]!.label === 1 ? p : q;
      for (let f = 0; f < v.idx.length; f++) tgt[v.idx[f]!]! += v.val[f]! * weight[k]!;
    });
    let sp = 0, sq = 0;
    for (let i = 0; i < dim; i++) { sp += p[i]!; sq += q[i]!; }
    for (let i = 0; i < dim; i++) ratio[i] = Math.log(p[i]! / sp / (q[i]! / sq));
    for (const v of vecs) for (let f = 0; f < v.idx.length; f++) v.val[f]! *= ratio[v.idx[f]!]!;
  }

  // logistic regression fitted once per order of the examples; the shipped weights are the fits' mean, which a
  // retrain moves less than any one fit
  const lr = opts.lr ?? 0.25, l2 = opts.l2 ?? 2e-6;
  const orders = opts.orders ?? 3;
  const w = new Float32Array(dim);
  let bias = 0;
  for (let r = 0; r < orders; r++) {
    const fit = fitLogistic(vecs, trainSet, weight, { dim, epochs, lr, l2, seed: `${opts.seed}:${r}` }, (ep) =>
      progress({ stage: 'epoch', done: r * epochs + ep + 1, total: orders * epochs }),
    );
    for (let i = 0; i < dim; i++) w[i]! += fit.w[i]! / orders;
    bias += fit.bias / orders;
  }

  if (useNb) for (let i = 0; i < dim; i++) w[i]! *= ratio[i]!;
  if (useSourceBias) for (const s of Object.keys(SOURCE_WEIGHT)) if (s !== 'olid') w[sourceBiasIndex(s, dim)] = 0;
  // quantise first so that evaluation measures the model as shipped
  let file = modelToFile(dim, bias, w, { low: 0.5, high: 0.9 }, {}, {}, chars);
  let model = modelFromFile(file);

  progress({ stage: 'evaluate', done: 0, total: 1 });
  const score = (e: Example) => {
    const fv = featurize(e.text, dim, false, chars);
    return sigmoid(scoreLogit(model, fv.idx, fv.val));
  };
  const evalSet = examples.filter((e) => e.split !== 'train');
  const scored = evalSet.map((e) => {
    // the evidence step decides beside the model: a comment it holds counts as flagged whatever the score
    const held = findCues(analyseComment(e.text)).some((c) => actionFor(c, DEFAULT_MODERATION_SETTINGS) !== 'publish');
    return { e, s: held ? Math.max(score(e), 0.95) : score(e), prof: isProfane(e.text), held };
  });

  // thresholds from the dev split: `low` maximises OLID macro-F1 of the pipeline's decision among the
  // thresholds that hold at most CLEAN_DEV_BUDGET of the clean dev comments the evidence step publishes
  // (generated civil and news comments, the clean written ones): Parley publishes news comments, so tweets alone
  // must not set it. WordNet's example sentences are not comments, and stay out of the budget.
  // `high` is where OLID precision reaches 0.9.
  const dev = scored.filter((r) => r.e.split === 'dev' && r.e.source === 'olid');
  const cleanDev = scored.filter((r) => r.e.split === 'dev' && r.e.label === 0 && CLEAN_SOURCES.has(r.e.source) && !r.held && !r.prof);
  // OLID's macro-F1 is flat near its best: of the thresholds within F1_TIE of it the highest, which holds the
  // fewest clean comments, is suggested, and the site's setting may be any of them, so a retrained model whose
  // curve moves by a tweet or two does not force a new setting
  const f1ByThreshold: Array<[number, number]> = [];
  for (let t = 0.2; t <= 0.8001; t += 0.01) {
    if (cleanDev.filter((r) => r.s >= t).length > (opts.cleanBudget ?? CLEAN_DEV_BUDGET) * cleanDev.length) continue;
    const m = binaryMetrics(dev.map((r) => r.e.label), dev.map((r) => (r.prof || r.s >= t ? 1 : 0)));
    f1ByThreshold.push([Math.round(t * 100) / 100, m.macroF1]);
  }
  const best = Math.max(...f1ByThreshold.map(([, f1]) => f1));
  // each of these is as good as the best by this measure, so a site's setting may be any of them
  const nearBest = f1ByThreshold.filter(([, f1]) => f1 >= best - F1_TIE).map(([t]) => t);
  const low = nearBest.at(-1) ?? 0.8;
  let high = Math.max(0.85, low + 0.2);
  for (let t = low + 0.05; t <= 0.99; t += 0.01) {
    const flagged = dev.filter((r) => r.s >= t);
    const prec = flagged.filter((r) => r.e.label === 1).length / Math.max(1, flagged.length);
    if (prec >= 0.9 && flagged.length >= 20) {
      high = Math.round(Math.max(t, low + 0.1) * 100) / 100;
      break;
    }
  }

  const test = scored.filter((r) => r.e.split === 'test');
  const olid = test.filter((r) => r.e.source === 'olid');
  const rate = (rows: typeof test) => rows.filter((r) => r.prof || r.s >= low).length / Math.max(1, rows.length);
  const metrics: TrainResult['metrics'] = {
    olidTest: binaryMetrics(olid.map((r) => r.e.label), olid.map((r) => (r.prof || r.s >= low ? 1 : 0))),
    olidTestClassifierOnly: binaryMetrics(olid.map((r) => r.e.label), olid.map((r) => (r.s >= low ? 1 : 0))),
    civilToxicTestRecall: rate(test.filter((r) => r.e.source === 'civil-toxic')),
    civilRemainderTestFalsePositiveRate: rate(test.filter((r) => r.e.source === 'civil-remainder')),
    generatedCivilTestFalsePositiveRate: rate(test.filter((r) => r.e.source === 'generated-civil')),
    generatedNewsTestFalsePositiveRate: rate(test.filter((r) => r.e.source === 'generated-news' && r.e.label === 0)),
    wordnetTestFalsePositiveRate: rate(test.filter((r) => r.e.source === 'wordnet')),
    writtenAbusiveTestRecall: rate(test.filter((r) => r.e.source === 'written' && r.e.label === 1)),
    writtenCleanTestFalsePositiveRate: rate(test.filter((r) => r.e.source === 'written' && r.e.label === 0)),
    everydayTestFalsePositiveRate: rate(test.filter((r) => r.e.source === 'everyday')),
  };
  progress({ stage: 'evaluate', done: 1, total: 1 });

  const round = (x: unknown): unknown =>
    typeof x === 'number' ? Math.round(x * 10000) / 10000 : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round(v)])) : x;
  file = modelToFile(dim, bias, w, { low, high, nearBest }, round(metrics) as Record<string, unknown>, {
    seed: opts.seed, orders, epochs, bits, counts, sourceWeights, split: 'fnv1a(id) % 100: <15 test, <25 dev, else train',
  }, chars);
  model = modelFromFile(file);
  const outFile = opts.outFile === null ? null : resolve(opts.outFile ?? DEFAULT_MODEL_PATH);
  if (outFile) {
    progress({ stage: 'write', done: 0, total: 1 });
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(file) + '\n');
    progress({ stage: 'write', done: 1, total: 1 });
  }
  return { model, file, outFile, counts, suggested: { low, high, nearBest }, metrics, seconds: (performance.now() - t0) / 1000 };
}
