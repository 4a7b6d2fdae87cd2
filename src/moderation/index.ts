/** Parley automated moderation: public API. */
export { moderate } from './pipeline';
export { DEFAULT_MODERATION_SETTINGS, validateSettings, type SettingsError, type ValidateResult } from './settings';
export { runModerateStream, moderateLine, contentOnlyInput, type StreamLineResult } from './stream';
export { loadAbuseModel, setAbuseModel, getAbuseModel, type AbuseModel } from './classifier/model';
export { train, type TrainOptions, type TrainResult, type TrainProgress } from './classifier/train';
export { runTrainCli } from './classifier/train-cli';
export { PHASES } from './phases';
export type * from './types';
