/**
 * Live scoring: new events are scored with the stored model, no retraining; recent history gives
 * the windows (failures in the last minutes, the session a login belongs to) their context.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore } from '../../shared/finding'
import { bindBaseline } from '../features/boundBaseline'
import { buildEventTable } from '../features/eventTable'
import { extractWindows } from '../features/extract'
import { AutoencoderModel, isAutoencoderJSON } from './autoencoder/Autoencoder'
import { Calibrator } from './ensemble/Calibrator'
import { IsolationForest } from './iforest/IsolationForest'
import type { TrainedModel } from './model'
import { scoreTable, type FittedDetectors } from './scoreTable'
import { StatisticalModel } from './statistical/StatisticalModel'
import type { SigmaSet } from '../sigma/SigmaSet'

/** Scores `fresh` (aligned with it) in the context of `history` (events before it), with Sigma rules if given. */
export async function scoreNew(model: TrainedModel, history: readonly NormalizedEvent[], fresh: readonly NormalizedEvent[], sigma?: SigmaSet | null): Promise<EventScore[]> {
  if (fresh.length === 0) return []
  const all = history.length ? [...history, ...fresh] : fresh
  const t = buildEventTable(all)
  // No row of this table is baseline (baselineRows 0): what the baseline vouches for comes bound from the model.
  const bb = bindBaseline(model.baseline, t)
  const { windows, rows } = extractWindows(t, bb, 0)
  const fitted = await fittedOf(model)
  try {
    const sorted = scoreTable({ t, w: windows, rows, bb, baselineRows: 0, fitted, rules: model.detectors.includes('rules'), thresholds: model.thresholds, sigma })
    const out = new Array<EventScore>(fresh.length)
    const offset = all.length - fresh.length
    for (let r = 0; r < t.n; r++) {
      const i = t.order[r]
      if (i >= offset) out[i - offset] = sorted[r]
    }
    return out
  } catch (e) {
    // A detector that failed may be in a bad state: the next call restores it afresh.
    forget(model)
    throw e
  }
}

/**
 * Restored detectors per model object: live scoring calls this for every batch with the same model,
 * and restoring a forest and an autoencoder from JSON each time cost more than the scoring itself
 * (and churned the tensor backend's memory). A model that is dropped takes its detectors with it.
 */
const restored = new WeakMap<TrainedModel, Promise<FittedDetectors>>()
const disposer = new FinalizationRegistry<Promise<FittedDetectors>>((p) => void p.then((f) => f.autoencoder?.dispose(), () => undefined))

function fittedOf(model: TrainedModel): Promise<FittedDetectors> {
  let fitted = restored.get(model)
  if (!fitted) {
    fitted = restore(model)
    restored.set(model, fitted)
    disposer.register(model, fitted, model)
    fitted.catch(() => forget(model))
  }
  return fitted
}

function forget(model: TrainedModel): void {
  const fitted = restored.get(model)
  if (!fitted) return
  restored.delete(model)
  disposer.unregister(model)
  void fitted.then((f) => f.autoencoder?.dispose(), () => undefined)
}

async function restore(model: TrainedModel): Promise<FittedDetectors> {
  const c = model.calibration
  return {
    iforest: model.iforest ? IsolationForest.fromJSON(model.iforest) : null,
    autoencoder: model.autoencoder && isAutoencoderJSON(model.autoencoder) ? await AutoencoderModel.fromJSON(model.autoencoder) : null,
    statistical: model.statistical ? StatisticalModel.fromJSON(model.statistical) : null,
    calibration: {
      iforest: c.iforest ? Calibrator.fromJSON(c.iforest) : undefined,
      autoencoder: c.autoencoder ? Calibrator.fromJSON(c.autoencoder) : undefined,
      statistical: c.statistical ? Calibrator.fromJSON(c.statistical) : undefined,
    },
  }
}
