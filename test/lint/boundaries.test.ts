// The process boundaries of CONVENTIONS.md are enforced by lint rules; this checks the rules bite.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-properties' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message)
}

describe('process boundaries', () => {
  it('the engine may not import electron, React or (outside the store) better-sqlite3', async () => {
    const code = "import { app } from 'electron'\nimport React from 'react'\nimport Database from 'better-sqlite3'\nexport const x = [app, React, Database]\n"
    const messages = await restrictedImports('src/engine/parse/example.ts', code)
    expect(messages).toHaveLength(3)
    expect(messages.join('\n')).toMatch(/never import electron/)
    expect(messages.join('\n')).toMatch(/Only src\/engine\/store imports better-sqlite3/)
  })

  it('the store may import better-sqlite3', async () => {
    const code = "import Database from 'better-sqlite3'\nexport const x = Database\n"
    expect(await restrictedImports('src/engine/store/example.ts', code)).toEqual([])
  })

  it('the renderer may not import Node modules or the engine', async () => {
    const code = "import { readFileSync } from 'node:fs'\nimport { analyze } from '../engine/detect/analyze'\nexport const x = [readFileSync, analyze]\n"
    const messages = await restrictedImports('src/renderer/example.ts', code)
    expect(messages).toHaveLength(2)
  })

  it('the renderer may not write HTML from strings', async () => {
    const code = 'export function f(el: HTMLElement, s: string) { el.innerHTML = s }\n'
    expect(await restrictedImports('src/renderer/example.ts', code)).toHaveLength(1)
  })

  it('src/shared may not import Node modules', async () => {
    const code = "import { join } from 'node:path'\nexport const x = join\n"
    expect(await restrictedImports('src/shared/example.ts', code)).toHaveLength(1)
  })

  it('the engine may not use Math.random', async () => {
    const code = 'export const x = Math.random()\n'
    expect(await restrictedImports('src/engine/detect/example.ts', code)).toHaveLength(1)
  })
})
