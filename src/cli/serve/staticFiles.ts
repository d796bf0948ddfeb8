/** Serves the built renderer (out/renderer) read-only, never outside its folder. */
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { COMMON_HEADERS, HTML_HEADERS } from './securityHeaders'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, rootDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    return sendText(res, 405, 'method not allowed\n')
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
  } catch {
    return sendText(res, 400, 'bad request\n')
  }
  if (pathname.includes('\0')) return sendText(res, 400, 'bad request\n')
  const root = resolve(rootDir)
  const file = resolve(join(root, pathname === '/' ? 'index.html' : pathname))
  if (file !== root && !file.startsWith(root + sep)) return sendText(res, 404, 'not found\n')
  let size: number
  try {
    // A symlink inside the folder must not lead out of it either.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)])
    if (!realFile.startsWith(realRoot + sep)) return sendText(res, 404, 'not found\n')
    const st = await stat(realFile)
    if (!st.isFile()) return sendText(res, 404, 'not found\n')
    size = st.size
  } catch {
    return sendText(res, 404, 'not found\n')
  }
  const ext = extname(file).toLowerCase()
  const headers = ext === '.html' ? HTML_HEADERS : COMMON_HEADERS
  res.writeHead(200, { ...headers, 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Content-Length': String(size) })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}
