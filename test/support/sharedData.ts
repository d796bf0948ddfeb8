/**
 * The real log samples live beside the checkout in ../shared (from a worktree: /work/shared), never
 * in the repo. A test that needs them asks here: when the folder is absent it fails with one line
 * naming the folder, instead of a stack trace from deep inside the code under test.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'

const repoRoot = path.resolve(import.meta.dirname, '../..')

/** `../shared/<rel>` relative to the checkout, absolute; throws a one-line error when it is missing. */
export function sharedPath(rel: string): string {
  const abs = path.resolve(repoRoot, '../shared', rel)
  if (!existsSync(abs)) {
    const error = new Error(`missing ${abs}: the real log samples belong in ../shared beside the checkout (see README, "Data and notices")`)
    // One line: the stack would only point at this helper.
    error.stack = error.message
    throw error
  }
  return abs
}
