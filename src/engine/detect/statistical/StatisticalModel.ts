/**
 * The statistical detector: how surprising each event's window counts are under a Poisson model
 * of the baseline (the seed's login-count surprise, per IP, per account), and robust z-scores of
 * the event's values against the entity's own baseline (volumes, travel speed).
 */
import type { EventTable } from '../../features/eventTable'
import type { WindowColumns } from '../../features/extract'
import { F, N_FEATURES } from '../../features/schema'
import { poissonSurprise } from './poisson'

/** Expected window counts in the baseline (JSON-serialisable). */
export interface StatisticalJSON {
  kind: 'statistical'
  /** Mean failures from one IP in 5 min, around baseline failures. */
  ipFail: number
  /** Mean failures for one account in 5 min, around baseline failures. */
  userFail: number
  /** Mean distinct accounts one IP tries in an hour. */
  ipUsers: number
  /** Mean distinct hosts an account logs into in 10 min. */
  userHosts: number
  /** Mean events from one IP in 5 min. */
  ipEvents: number
}

/** Names of the statistical components, in the order of `components`. */
export const STAT_COMPONENTS = ['ip_failures_5m', 'user_failures_5m', 'ip_distinct_users_1h', 'user_distinct_hosts_10m', 'ip_events_5m', 'bytes_z', 'travel_kmh'] as const

export class StatisticalModel {
  private constructor(private readonly p: StatisticalJSON) {}

  /** Learns expected counts from rows [0, baselineRows). */
  static fit(t: EventTable, w: WindowColumns, baselineRows: number): StatisticalModel {
    let nf = 0
    let sIpFail = 0
    let sUserFail = 0
    let na = 0
    let sUsers = 0
    let nl = 0
    let sHosts = 0
    let ni = 0
    let sEvents = 0
    for (let r = 0; r < baselineRows; r++) {
      if (w.ipFail5m[r] > 0 || w.userFail5m[r] > 0) {
        nf++
        sIpFail += w.ipFail5m[r]
        sUserFail += w.userFail5m[r]
      }
      if (w.ipUsers1h[r] > 0) {
        na++
        sUsers += w.ipUsers1h[r]
      }
      if (w.userHosts10m[r] > 0) {
        nl++
        sHosts += w.userHosts10m[r]
      }
      if (t.ip[r] >= 0) {
        ni++
        sEvents += w.ipEvents5m[r]
      }
    }
    // Floors keep a quiet baseline from making the first ordinary burst look astronomical.
    return new StatisticalModel({
      kind: 'statistical',
      ipFail: Math.max(nf ? sIpFail / nf : 0, 1),
      userFail: Math.max(nf ? sUserFail / nf : 0, 1),
      ipUsers: Math.max(na ? sUsers / na : 0, 1),
      userHosts: Math.max(nl ? sHosts / nl : 0, 1),
      ipEvents: Math.max(ni ? sEvents / ni : 0, 2),
    })
  }

  /**
   * Raw score of rows [from, to): the largest surprise (in -log10 p units) over the components.
   * `X` holds those rows' features (row-major, row `from` first).
   */
  score(w: WindowColumns, X: Float64Array, from: number, to: number): Float64Array {
    const out = new Float64Array(to - from)
    const c = new Float64Array(STAT_COMPONENTS.length)
    for (let r = from; r < to; r++) {
      this.components(w, X, r, c, r - from)
      let m = 0
      for (let k = 0; k < c.length; k++) if (c[k] > m) m = c[k]
      out[r - from] = m
    }
    return out
  }

  /**
   * Each component's surprise for row `r` (same order as STAT_COMPONENTS); its features are row
   * `xr` of `X`.
   */
  components(w: WindowColumns, X: Float64Array, r: number, out: Float64Array = new Float64Array(STAT_COMPONENTS.length), xr = r): Float64Array {
    const p = this.p
    out[0] = w.ipFail5m[r] > 1 ? poissonSurprise(w.ipFail5m[r], p.ipFail) : 0
    out[1] = w.userFail5m[r] > 1 ? poissonSurprise(w.userFail5m[r], p.userFail) : 0
    out[2] = w.ipUsers1h[r] > 1 ? poissonSurprise(w.ipUsers1h[r], p.ipUsers) : 0
    out[3] = w.userHosts10m[r] > 1 ? poissonSurprise(w.userHosts10m[r], p.userHosts) : 0
    out[4] = w.ipEvents5m[r] > 2 ? poissonSurprise(w.ipEvents5m[r], p.ipEvents) : 0
    // A robust z of k is about as rare as a Poisson surprise of k^2/4.6 (one-sided normal tail).
    const z = X[xr * N_FEATURES + F.bytes_z]
    out[5] = z > 0 ? (z * z) / 4.6 : 0
    const kmh = w.travelKmh[r]
    out[6] = kmh > 900 ? Math.log10(kmh / 900) * 6 : 0
    return out
  }

  toJSON(): StatisticalJSON {
    return { ...this.p }
  }

  static fromJSON(j: StatisticalJSON): StatisticalModel {
    return new StatisticalModel({ ...j })
  }
}
