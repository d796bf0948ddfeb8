/**
 * Text with the quick filter's matches marked: React text nodes and <mark> elements only (log
 * lines are attacker-controlled; nothing here is ever parsed as HTML).
 */
import { useMemo } from 'react'
import { matchRanges, parseSearchTerms } from '../../shared/searchTerms'

export function HighlightedText({ text, search }: { text: string; search: string }) {
  const parts = useMemo(() => {
    const ranges = matchRanges(text, parseSearchTerms(search))
    const out: { text: string; mark: boolean }[] = []
    let at = 0
    for (const [start, end] of ranges) {
      if (start > at) out.push({ text: text.slice(at, start), mark: false })
      out.push({ text: text.slice(start, end), mark: true })
      at = end
    }
    if (at < text.length) out.push({ text: text.slice(at), mark: false })
    return out
  }, [text, search])
  return (
    <>
      {parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text))}
    </>
  )
}
