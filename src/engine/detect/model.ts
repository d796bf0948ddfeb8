/** The trained model: everything needed to score new events later without retraining. */
import type { DetectorName } from '../../shared/finding'
import type { Baseline } from '../features/baseline'
import type { AutoencoderJSON } from './autoencoder/Autoencoder'
import type { CalibratorJSON } from './ensemble/Calibrator'
import type { IsolationForestJSON } from './iforest/IsolationForest'
import type { RuleThresholds } from './rules/thresholds'
import type { StatisticalJSON } from './statistical/StatisticalModel'

/** Bump when the layout of TrainedModel changes. */
export const MODEL_VERSION = 1

/** JSON-serialisable; stored in SQLite beside its feature schema version. */
export interface TrainedModel {
  kind: 'vigil.model'
  version: typeof MODEL_VERSION
  featureSchemaVersion: number
  featureNames: string[]
  attackVersion: string
  seed: number
  contamination: number
  baselineDays: number
  detectors: DetectorName[]
  thresholds: RuleThresholds
  baseline: Baseline
  iforest: IsolationForestJSON | null
  autoencoder: AutoencoderJSON | null
  statistical: StatisticalJSON | null
  calibration: Partial<Record<'iforest' | 'autoencoder' | 'statistical', CalibratorJSON>>
  /** TensorFlow.js backend the autoencoder ran on, or null. */
  backend: string | null
}

/** Whether a stored model can score events with the current code (else: retrain). */
export function isUsableModel(m: unknown, featureSchemaVersion: number): m is TrainedModel {
  if (typeof m !== 'object' || m === null) return false
  const v = m as Partial<TrainedModel>
  return v.kind === 'vigil.model' && v.version === MODEL_VERSION && v.featureSchemaVersion === featureSchemaVersion && typeof v.baseline === 'object'
}
