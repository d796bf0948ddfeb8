import { describe, expect, it } from 'vitest'
import { ATTACK_VERSION, tacticsOf, techniqueCount, techniqueFullName, techniqueInfo } from '../../../src/engine/mitre/catalogue'

describe('ATT&CK catalogue', () => {
  it('is version 18.1 with 691 techniques', () => {
    expect(ATTACK_VERSION).toBe('18.1')
    expect(techniqueCount()).toBe(691)
  })

  it('describes a sub-technique with its tactic names and link', () => {
    expect(techniqueInfo('T1110.001')).toEqual({
      id: 'T1110.001',
      name: 'Password Guessing',
      tactics: ['Credential Access'],
      url: 'https://attack.mitre.org/techniques/T1110/001',
    })
    expect(techniqueFullName('T1110.003')).toBe('Brute Force: Password Spraying')
  })

  it('orders tactics along the kill chain', () => {
    expect(techniqueInfo('T1078.003')?.tactics).toEqual(['Initial Access', 'Persistence', 'Privilege Escalation', 'Defense Evasion'])
  })

  it('knows every technique the detectors emit', () => {
    const ids = ['T1110', 'T1110.001', 'T1110.003', 'T1087', 'T1078', 'T1078.003', 'T1548.003', 'T1136.001', 'T1098', 'T1098.004', 'T1021.004', 'T1048', 'T1030', 'T1070.002', 'T1070.003']
    for (const id of ids) expect(techniqueInfo(id), id).toBeDefined()
  })

  it('returns undefined for unknown ids and merges tactics', () => {
    expect(techniqueInfo('T9999')).toBeUndefined()
    expect(tacticsOf(['T1110.001', 'T1136.001', 'T9999'])).toEqual(['Persistence', 'Credential Access'])
    expect(tacticsOf([])).toEqual([])
  })
})
