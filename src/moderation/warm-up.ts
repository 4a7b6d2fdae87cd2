/* Loading the pipeline before the first comment: its word lists and abuse model, and wink's language model,
   which only comments with a cue word need (130 ms), with one sentence read by it (its first reading costs a
   few ms more). */
import { warmUpNlp } from './analysis/nlp';
import { moderate } from './pipeline';
import { contentOnlyInput } from './stream';

export function warmUpPipeline(): void {
  warmUpNlp();
  moderate(contentOnlyInput('Warming up the moderation pipeline: the bus ran late.'));
}
