import type { Severity } from '../../shared/finding'

/** A coloured severity label (CRITICAL red, HIGH orange, MEDIUM amber, LOW blue). */
export function SeverityChip({ severity }: { severity: Severity | null | undefined }) {
  if (!severity) return null
  return <span className={`sev-chip sev-${severity}`}>{severity}</span>
}
