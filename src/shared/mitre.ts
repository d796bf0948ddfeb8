/** ATT&CK technique facts as the UI shows them (names, tactics, link). */
import { z } from 'zod'

export const techniqueInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Tactic names, e.g. `Credential Access`. */
  tactics: z.array(z.string()),
  url: z.string(),
})
export type TechniqueInfo = z.infer<typeof techniqueInfoSchema>

/** Required by the ATT&CK terms of use wherever the catalogue is shown or shipped. */
export const ATTACK_NOTICE =
  '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.'

/** The only external host the app opens links to. */
export const ATTACK_HOST = 'attack.mitre.org'
