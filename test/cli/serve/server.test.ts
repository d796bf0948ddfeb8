import { request } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../src/engine/api/Engine'
import { startServer, type RunningServer } from '../../../src/cli/serve/startServer'
import { tokenMatches } from '../../../src/cli/serve/token'
import { fakePipeline } from '../../engine/api/fakePipeline'
import { closeCodeOf, connectWs } from './wsClient'

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('vigil serve: HTTP and WebSocket security', () => {
  let dir: string
  let engine: Engine
  let server: RunningServer

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-serve-'))
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Vigil</title>')
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(dir, 'secret.txt'), 'secret')
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'renderer', 'link.txt'))
    engine = new Engine({ pipeline: fakePipeline(), log: () => undefined })
    server = await startServer({ engine, rendererDir: join(dir, 'renderer'), log: () => undefined })
  })
  afterAll(async () => {
    await server.close()
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1 with a 64-hex-digit token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/)
    expect(server.apiUrl).toBe(`ws://127.0.0.1:${server.port}/api?token=${server.token}`)
  })

  it('serves the page with a strict CSP and security headers', async () => {
    const res = await get(server.port, '/?token=x', { Host: `127.0.0.1:${server.port}` })
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>Vigil</title>')
    expect(res.headers['content-security-policy']).toContain(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    )
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    const js = await get(server.port, '/assets/app.js', { Host: `127.0.0.1:${server.port}` })
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('refuses other hosts, other methods and paths outside the renderer', async () => {
    expect((await get(server.port, '/', { Host: `evil.example:${server.port}` })).status).toBe(421)
    expect((await get(server.port, '/', { Host: `127.0.0.1:${server.port}` }, 'POST')).status).toBe(405)
    expect((await get(server.port, '/../secret.txt', { Host: `127.0.0.1:${server.port}` })).status).toBe(404)
    expect((await get(server.port, '/%2e%2e/secret.txt', { Host: `127.0.0.1:${server.port}` })).status).toBe(404)
    expect((await get(server.port, '/link.txt', { Host: `127.0.0.1:${server.port}` })).status).toBe(404)
  })

  it('accepts the page origin with the token', async () => {
    const client = await connectWs(server.apiUrl, server.origin)
    expect((await client.call('app.info', {})).attackVersion).toBe('18.1')
    expect(await client.raw({ id: 5, method: 'app.info', params: { extra: 1 } })).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    await client.close()
  })

  it('closes with 1008 without the token, with a wrong token, or from another origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/api`
    const wrongToken = `${base}?token=${'0'.repeat(64)}`
    expect(await closeCodeOf(base, { Origin: server.origin })).toEqual({ code: 1008, reason: 'bad token' })
    expect(await closeCodeOf(wrongToken, { Origin: server.origin })).toEqual({ code: 1008, reason: 'bad token' })
    expect(await closeCodeOf(server.apiUrl, { Origin: 'http://evil.example' })).toEqual({ code: 1008, reason: 'bad origin' })
    expect(await closeCodeOf(server.apiUrl, {})).toEqual({ code: 1008, reason: 'bad origin' })
    expect(await closeCodeOf(server.apiUrl, { Origin: `http://localhost:${server.port}` })).toEqual({ code: 1008, reason: 'bad origin' })
  })

  it('compares tokens by value only', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abd', 'abc')).toBe(false)
    expect(tokenMatches('ab', 'abc')).toBe(false)
    expect(tokenMatches(null, 'abc')).toBe(false)
  })
})
