/** The Tags column: the line's colour as a dot, then its tags as chips (React text only). */
import type { CustomCellRendererProps } from 'ag-grid-react'
import type { Finding } from '../../shared/finding'

export function TagsCell({ data }: CustomCellRendererProps<Finding, string>) {
  if (!data || (!data.color && !data.tags?.length)) return null
  return (
    <span className="tags-cell">
      {data.color && <span className={`color-dot color-${data.color}`} aria-label={`colour ${data.color}`} />}
      {data.tags?.map((t) => (
        <span key={t} className="tag-chip">
          {t}
        </span>
      ))}
    </span>
  )
}
