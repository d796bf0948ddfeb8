import { describe, expect, it } from 'vitest'
import { publicAddress } from '../../../src/engine/enrich/publicAddress'

describe('publicAddress', () => {
  it.each([
    // IPv4 special-purpose ranges, at both edges where it matters
    ['0.0.0.0'],
    ['0.255.255.255'],
    ['10.0.0.1'],
    ['10.255.255.255'],
    ['100.64.0.1'], // CGNAT
    ['100.127.255.255'],
    ['127.0.0.1'],
    ['169.254.1.1'], // link-local
    ['172.16.0.1'],
    ['172.31.255.255'],
    ['192.0.0.8'],
    ['192.0.2.1'], // TEST-NET-1
    ['192.88.99.1'],
    ['192.168.1.10'],
    ['198.18.0.1'], // benchmarking
    ['198.19.255.255'],
    ['198.51.100.7'], // TEST-NET-2
    ['203.0.113.9'], // TEST-NET-3
    ['224.0.0.251'], // multicast
    ['239.255.255.250'],
    ['240.0.0.1'],
    ['255.255.255.255'],
    // IPv6
    ['::'],
    ['::1'],
    ['fe80::1'],
    ['fe80::1%eth0'],
    ['fc00::1'],
    ['fd12:3456:789a::1'], // ULA
    ['ff02::1'], // multicast
    ['2001:db8::1'], // documentation
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['3fff::1'], // documentation (RFC 9637)
    ['2001::1'], // Teredo
    ['2002:c000:0204::1'], // 6to4
    ['64:ff9b::808:808'], // NAT64
    ['100::1'], // discard
    ['::ffff:10.1.2.3'], // IPv4-mapped private
    ['::ffff:192.168.0.1'],
    ['::ffff:7f00:1'], // mapped loopback, hex form
    ['::127.0.0.1'], // deprecated IPv4-compatible
  ])('skips reserved %s', (ip) => {
    expect(publicAddress(ip)).toBeNull()
  })

  it.each([
    ['999.1.1.1'],
    ['1.2.3'],
    ['1.2.3.4.5'],
    ['01.2.3.4'],
    ['not an ip'],
    [''],
    ['   '],
    ['8.8.8.8; DROP TABLE events'],
    ['[2001:4860::1]'],
    ['2001:4860::1::2'],
    ['gggg::1'],
    ['1'.repeat(1000)],
    ['%eth0'],
    ['8.8.8.8%eth0'],
  ])('rejects invalid text %j without throwing', (ip) => {
    expect(publicAddress(ip)).toBeNull()
  })

  it.each([
    ['8.8.8.8', '8.8.8.8'],
    ['1.1.1.1', '1.1.1.1'],
    [' 185.220.101.47 ', '185.220.101.47'],
    ['100.63.255.255', '100.63.255.255'], // just below CGNAT
    ['100.128.0.0', '100.128.0.0'], // just above CGNAT
    ['172.32.0.1', '172.32.0.1'],
    ['198.20.0.1', '198.20.0.1'],
    ['223.255.255.255', '223.255.255.255'],
    ['::ffff:8.8.8.8', '8.8.8.8'],
    ['::ffff:808:808', '8.8.8.8'],
    ['2001:4860:4860::8888', '2001:4860:4860:0:0:0:0:8888'],
    ['2A00:1450:4001:80B::200E', '2a00:1450:4001:80b:0:0:0:200e'],
    ['2001:200::1', '2001:200:0:0:0:0:0:1'], // first address past 2001::/23
    ['2606:4700::1111', '2606:4700:0:0:0:0:0:1111'],
  ])('keeps public %s as %s', (ip, canonical) => {
    expect(publicAddress(ip)).toBe(canonical)
  })
})
