/** Maps strings to dense small integers (and back), so hot loops compare numbers, not strings. */
export class Interner {
  private readonly ids = new Map<string, number>()
  readonly values: string[] = []

  /** Id of `value`, creating one if new; -1 for null/empty. */
  intern(value: string | null | undefined): number {
    if (value === null || value === undefined || value === '') return -1
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.values.length
      this.ids.set(value, id)
      this.values.push(value)
    }
    return id
  }

  /** Id of `value` if known, else -1 (never creates). */
  get(value: string | null | undefined): number {
    if (value === null || value === undefined) return -1
    return this.ids.get(value) ?? -1
  }

  get size(): number {
    return this.values.length
  }
}
