/**
 * One autoencoder training as plain data, so it can run in a worker thread as well as here: the
 * sampled baseline rows (compacted, in sample order), their standardisation, the seeded starting
 * weights and the seed of the batch order. The same job gives the same weights on either side.
 */
import { Random } from '../../util/random'
import type { DenseWeights } from './network'
import type { Standardization } from './standardize'
import { loadTf, useTfBackend, type TfBackendName } from './tfBackend'
import { trainNetwork, type FitControls, type TrainResult, type TrainSettings } from './train'

export interface TrainJob {
  /** The training rows, row-major `rows × nFeatures`, raw values. */
  X: Float64Array
  nFeatures: number
  standardization: Standardization
  initial: DenseWeights[]
  settings: TrainSettings
  /** Seed of the generator that orders each epoch's mini-batches. */
  shuffleSeed: number
  /** The backend the model is trained on (the caller's): a worker switches to it first. */
  backend: TfBackendName
}

/** Runs the job on this thread, on the backend it names. */
export async function runTrainJob(job: TrainJob, controls: FitControls = {}): Promise<TrainResult> {
  const { tf, backend } = await loadTf()
  const ready = backend === job.backend ? tf : await switchTo(job.backend)
  const rows = job.X.length / job.nFeatures
  const order = new Uint32Array(rows)
  for (let i = 0; i < rows; i++) order[i] = i
  return trainNetwork(ready, job.X, job.nFeatures, order, job.standardization, job.initial, job.settings, new Random(job.shuffleSeed), controls)
}

async function switchTo(name: TfBackendName) {
  const switched = await useTfBackend(name)
  if (!switched.ok) throw new Error(`the ${name} TensorFlow.js backend did not start: ${switched.error.message}`)
  return switched.value.tf
}
