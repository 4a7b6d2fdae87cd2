/**
 * The trained abuse model: hashed-feature logistic regression stored as
 * quantised weights in models/abuse-model.json. Loaded once, lazily.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { jsonReader } from '../../domain/json';
import { packageRoot } from '../../paths';
import { dotFeatures, featurize } from './features';

const AbuseModelFileSchema = Type.Object({
  format: Type.Literal('parley-abuse-lr'),
  version: Type.Literal(4),
  dim: Type.Integer({ minimum: 1 }),
  bias: Type.Number(),
  /** weight = int16 * scale */
  scale: Type.Number(),
  /** base64 little-endian Int16Array of length dim */
  weights: Type.String(),
  /**
   * thresholds suggested by training (the pipeline uses the site's settings): `low` to hold, `high` to refuse, and
   * `nearBest`, the hold thresholds whose OLID dev macro-F1 is within a tie of the best under the clean budget
   */
  suggested: Type.Object({ low: Type.Number(), high: Type.Number(), nearBest: Type.Optional(Type.Array(Type.Number())) }),
  /** character n-gram features on (default true) */
  charNgrams: Type.Optional(Type.Boolean()),
  metrics: Type.Record(Type.String(), Type.Unknown()),
  trainedWith: Type.Record(Type.String(), Type.Unknown()),
});
export type AbuseModelFile = Static<typeof AbuseModelFileSchema>;
const MODEL_FILE = jsonReader(AbuseModelFileSchema, 'abuse model file');

export interface AbuseModel {
  dim: number;
  charNgrams: boolean;
  bias: number;
  w: Float32Array;
  suggested: Suggested;
  metrics: Record<string, unknown>;
}

export type Suggested = AbuseModelFile['suggested'];

export interface ModelPhrase {
  text: string;
  start: number;
  end: number;
  weight: number;
}

export interface ModelScore {
  score: number;
  logit: number;
  phrases: ModelPhrase[];
}

export function modelFromFile(file: AbuseModelFile): AbuseModel {
  if (file.format !== 'parley-abuse-lr' || file.version !== 4) throw new Error('unsupported abuse model file');
  const buf = Buffer.from(file.weights, 'base64');
  const q = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
  if (q.length !== file.dim) throw new Error('abuse model weights do not match its dimension');
  const w = new Float32Array(file.dim);
  q.forEach((v, i) => (w[i] = v * file.scale));
  return { dim: file.dim, charNgrams: file.charNgrams ?? true, bias: file.bias, w, suggested: file.suggested, metrics: file.metrics };
}

export function modelToFile(
  dim: number,
  bias: number,
  w: Float32Array,
  suggested: Suggested,
  metrics: Record<string, unknown>,
  trainedWith: Record<string, unknown>,
  charNgrams = true,
): AbuseModelFile {
  let max = 0;
  for (const v of w) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(dim);
  for (let i = 0; i < dim; i++) q[i] = Math.round((w[i] ?? 0) / scale);
  return {
    format: 'parley-abuse-lr',
    version: 4,
    dim,
    bias,
    scale,
    weights: Buffer.from(q.buffer).toString('base64'),
    suggested,
    charNgrams,
    metrics,
    trainedWith,
  };
}

export const DEFAULT_MODEL_PATH = join(packageRoot(), 'models', 'abuse-model.json');

let loaded: AbuseModel | null = null;

/** Load (and cache) the abuse model. Path: argument, env PARLEY_ABUSE_MODEL, or models/abuse-model.json. */
export function loadAbuseModel(path?: string): AbuseModel {
  const p = path ?? process.env.PARLEY_ABUSE_MODEL ?? DEFAULT_MODEL_PATH;
  const model = modelFromFile(MODEL_FILE.parse(readFileSync(p, 'utf8')));
  loaded = model;
  return model;
}

/** Use this model for all later `moderate` calls (tests, or a server that loads it itself). */
export function setAbuseModel(model: AbuseModel): void {
  loaded = model;
}

export function getAbuseModel(): AbuseModel {
  return loaded ?? loadAbuseModel();
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function scoreLogit(model: AbuseModel, idx: Int32Array, val: Float32Array): number {
  let z = model.bias;
  const w = model.w;
  for (let k = 0; k < idx.length; k++) z += (w[idx[k] ?? 0] ?? 0) * (val[k] ?? 0);
  return z;
}

/**
 * Score a text; when `explain` is set, also return the words that pushed the
 * score up most (each word's share of its unigram, bigram and n-gram weights).
 */
export function scoreText(model: AbuseModel, text: string, explain = false): ModelScore {
  if (!explain) {
    const logit = model.bias + dotFeatures(text, model.w, model.charNgrams);
    return { score: sigmoid(logit), logit, phrases: [] };
  }
  const fv = featurize(text, model.dim, true, model.charNgrams);
  const logit = scoreLogit(model, fv.idx, fv.val);
  const score = sigmoid(logit);
  const w = model.w;
  const contrib: ModelPhrase[] = [];
  fv.tokens.forEach((tok, t) => {
    let c = 0;
    for (const s of fv.tokenFeatures[t] ?? []) c += ((w[fv.idx[s] ?? 0] ?? 0) * (fv.val[s] ?? 0)) / (fv.count[s] ?? 1);
    contrib.push({ text: text.slice(tok.start, tok.end), start: tok.start, end: tok.end, weight: c });
  });
  const positive = contrib.filter((c) => c.weight > 0.25).sort((a, b) => b.weight - a.weight).slice(0, 5);
  positive.sort((a, b) => a.start - b.start);
  return { score, logit, phrases: positive };
}
