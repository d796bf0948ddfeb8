/**
 * The bundled ATT&CK Enterprise catalogue: technique names, tactics and links for the ids the
 * detectors emit. Imported as JSON so every build carries it without path lookups.
 */
import catalogue from '../../../resources/attack/attack-enterprise-v18.1.json'
import type { TechniqueInfo } from '../../shared/mitre'

interface RawTactic {
  id: string
  name: string
  shortname: string
  url: string
}
interface RawTechnique {
  id: string
  name: string
  tactics: string[]
  url: string
  parent?: string
}

const raw = catalogue as unknown as { attack_version: string; tactics: RawTactic[]; techniques: RawTechnique[] }

/** ATT&CK version every technique id in findings refers to. */
export const ATTACK_VERSION: string = raw.attack_version

// Kill-chain order of tactics, so tactic lists read the way analysts expect.
const tacticOrder = new Map<string, number>(raw.tactics.map((t, i) => [t.id, i]))
const tacticName = new Map<string, string>(raw.tactics.map((t) => [t.id, t.name]))

const byId = new Map<string, TechniqueInfo>()
for (const t of raw.techniques) {
  const tactics = [...t.tactics]
    .sort((a, b) => (tacticOrder.get(a) ?? 99) - (tacticOrder.get(b) ?? 99))
    .map((id) => tacticName.get(id) ?? id)
  byId.set(t.id, { id: t.id, name: t.name, tactics, url: t.url })
}

/** Facts about one technique or sub-technique (`T1110.001`), or undefined if the id is unknown. */
export function techniqueInfo(id: string): TechniqueInfo | undefined {
  const info = byId.get(id)
  return info ? { ...info, tactics: [...info.tactics] } : undefined
}

/** Full name including the parent for sub-techniques, e.g. `Brute Force: Password Guessing`. */
export function techniqueFullName(id: string): string | undefined {
  const info = byId.get(id)
  if (!info) return undefined
  const dot = id.indexOf('.')
  if (dot < 0) return info.name
  const parent = byId.get(id.slice(0, dot))
  return parent ? `${parent.name}: ${info.name}` : info.name
}

/** The distinct tactic names of the given techniques, in kill-chain order. Unknown ids are ignored. */
export function tacticsOf(ids: readonly string[]): string[] {
  const seen = new Set<string>()
  for (const id of ids) for (const t of byId.get(id)?.tactics ?? []) seen.add(t)
  const order = new Map<string, number>(raw.tactics.map((t, i) => [t.name, i]))
  return [...seen].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99))
}

/** Number of techniques (including sub-techniques) in the bundled catalogue. */
export function techniqueCount(): number {
  return byId.size
}

const tacticByShortname = new Map<string, string>(raw.tactics.map((t) => [t.shortname, t.name]))

/** A tactic's name from its short name (`privilege-escalation` or Sigma's `privilege_escalation`), or undefined. */
export function tacticNameOf(shortname: string): string | undefined {
  return tacticByShortname.get(shortname.toLowerCase().replace(/_/g, '-'))
}

/** The tactic names in kill-chain order (unknown names last). */
export function sortTactics(names: Iterable<string>): string[] {
  const order = new Map<string, number>(raw.tactics.map((t, i) => [t.name, i]))
  return [...new Set(names)].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99))
}

/** An ATT&CK tactic as the matrix shows it: id, name and the short name Navigator layers use. */
export interface Tactic {
  id: string
  name: string
  shortname: string
}

/** The 14 Enterprise tactics in kill-chain order (the matrix's columns). */
export function tactics(): Tactic[] {
  return raw.tactics.map((t) => ({ id: t.id, name: t.name, shortname: t.shortname }))
}

/** Every technique and sub-technique of the catalogue with its tactic ids (catalogue order). */
export function catalogueTechniques(): { id: string; name: string; tacticIds: string[]; parent?: string }[] {
  return raw.techniques.map((t) => ({ id: t.id, name: t.name, tacticIds: [...t.tactics], parent: t.parent }))
}
