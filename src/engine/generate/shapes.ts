/**
 * Named shapes of a generated data set (`vigil generate --shape NAME`, `vigil eval --generate
 * NAME`): what an honest evaluation varies beyond the seed — fleet size, span and calendar (a year
 * end and its holidays), attack sizes, the reach of lateral movement, benign habits that look like
 * attacks, and a folder whose attacks begin on day one. `default` is the folder as it always was.
 */
import { NO_VARIETY, type Variety } from './world'

export interface Shape {
  hosts: number
  days: number
  /** First day, `YYYY-MM-DD` (UTC); absent: a Monday in March 2026 chosen by the seed. */
  start?: string
  variety: Variety
  /** One line for `--help` and the README. */
  about: string
}

/** Every variation on: what the non-default shapes share. */
const VARIED: Variety = Object.freeze({ ...NO_VARIETY, attackSizes: true, lateralSpread: true, shiftWorkers: true, hoppingAdmins: true, vpnTravellers: true })

export const SHAPES = {
  default: { hosts: 4, days: 14, variety: NO_VARIETY, about: '4 hosts, 14 days in March, one size of attack, no tricky habits (the folder eval was tuned on)' },
  varied: { hosts: 4, days: 14, variety: VARIED, about: 'the default fleet and span with every variation: attacks tiny to huge, lateral movement over 2–6 hosts from inside and outside, shift workers, hopping admins, VPN users and a traveller' },
  fleet2: { hosts: 2, days: 14, variety: VARIED, about: '2 hosts (lateral movement across both)' },
  fleet3: { hosts: 3, days: 16, start: '2026-12-22', variety: VARIED, about: '3 hosts, 16 days across Christmas and New Year' },
  fleet10: { hosts: 10, days: 14, variety: VARIED, about: '10 hosts' },
  fleet30: { hosts: 30, days: 14, variety: VARIED, about: '30 hosts' },
  short7: { hosts: 4, days: 7, variety: VARIED, about: '7 days: a short baseline' },
  long60: { hosts: 6, days: 60, start: '2026-11-16', variety: VARIED, about: '6 hosts, 60 days from mid-November across the year end and its holidays' },
  dayone: { hosts: 4, days: 14, variety: { ...VARIED, dayOne: true }, about: 'attacks from the first day: no clean baseline' },
} as const satisfies Record<string, Shape>

export type ShapeName = keyof typeof SHAPES
export const SHAPE_NAMES = Object.keys(SHAPES) as ShapeName[]

export function isShapeName(s: string): s is ShapeName {
  return Object.hasOwn(SHAPES, s)
}

/** The first day of a shape as epoch ms (undefined: the seed chooses). */
export function shapeStartMs(shape: Shape): number | undefined {
  return shape.start === undefined ? undefined : Date.parse(`${shape.start}T00:00:00Z`)
}

/** What the command line may set beside a shape; an explicit value wins over the shape's. */
export interface ShapeRequest {
  shape: ShapeName
  events: number
  seed: number
  hosts?: number
  days?: number
  /** First day as epoch ms (a UTC midnight). */
  startMs?: number
}

/** The generator's options for a shape and the explicit values that override it. */
export function shapeOptions(r: ShapeRequest): { events: number; seed: number; hosts: number; days: number; startMs?: number; variety: Variety } {
  const shape: Shape = SHAPES[r.shape]
  const startMs = r.startMs ?? shapeStartMs(shape)
  return { events: r.events, seed: r.seed, hosts: r.hosts ?? shape.hosts, days: r.days ?? shape.days, ...(startMs === undefined ? {} : { startMs }), variety: shape.variety }
}

/** `YYYY-MM-DD` as the epoch ms of that UTC midnight, or null when it is not a real date. */
export function parseStartDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (!m) return null
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return new Date(ms).toISOString().slice(0, 10) === text.trim() ? ms : null
}
