/**
 * The automated-moderation targets, measured on the blind-written suites (test/fixtures/moderation/suite, ten
 * batches: the `-dev` / `-fresh-dev` / `-third-dev` / … / `-tenth-dev` files were tuned on, the `-test` /
 * `-fresh-test` / `-third-test` / … / `-tenth-test` files never read while tuning) and on the held-out split of the OLID training file. Prints ONE JSON line.
 * Run: npx tsx bench/moderation-targets.ts
 */
import { dataAvailable, defaultDataDir } from '../tools/train/data';
import { olidHeldOut, suiteReport, type SuiteHalf } from './_moderation-eval';

const result: Record<string, unknown> = { bench: 'moderation-targets' };
const NAMES: Record<SuiteHalf, string> = {
  dev: 'tunedOn',
  test: 'untouched',
  'fresh-dev': 'secondBatchTunedOn',
  'fresh-test': 'secondBatchUntouched',
  'third-dev': 'thirdBatchTunedOn',
  'third-test': 'thirdBatchUntouched',
  'fourth-dev': 'fourthBatchTunedOn',
  'fourth-test': 'fourthBatchUntouched',
  'fifth-dev': 'fifthBatchTunedOn',
  'fifth-test': 'fifthBatchUntouched',
  'sixth-dev': 'sixthBatchTunedOn',
  'sixth-test': 'sixthBatchUntouched',
  'seventh-dev': 'seventhBatchTunedOn',
  'seventh-test': 'seventhBatchUntouched',
  'eighth-dev': 'eighthBatchTunedOn',
  'eighth-test': 'eighthBatchUntouched',
  'ninth-dev': 'ninthBatchTunedOn',
  'ninth-test': 'ninthBatchUntouched',
  'tenth-dev': 'tenthBatchTunedOn',
  'tenth-test': 'tenthBatchUntouched',
};
for (const [half, name] of Object.entries(NAMES)) result[name] = suiteReport(half as SuiteHalf);
const dataDir = defaultDataDir();
if (dataAvailable(dataDir)) {
  const m = olidHeldOut(dataDir);
  result.olidHeldOut = { macroF1: +m.macroF1.toFixed(4), target: 0.72, met: m.macroF1 >= 0.72, n: m.n };
} else {
  result.olidHeldOut = { skipped: `no training data in ${dataDir}` };
}
console.log(JSON.stringify(result));
