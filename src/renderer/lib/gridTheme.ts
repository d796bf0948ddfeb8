/** The grid's look: AG Grid Quartz, dark and dense, matching styles.css. */
import { colorSchemeDark, themeQuartz } from 'ag-grid-community'

export const gridTheme = themeQuartz.withPart(colorSchemeDark).withParams({
  backgroundColor: '#0f151c',
  foregroundColor: '#d3dbe5',
  headerBackgroundColor: '#151d27',
  headerTextColor: '#9fb0c3',
  oddRowBackgroundColor: '#111922',
  borderColor: '#222d3a',
  accentColor: '#3d8bfd',
  selectedRowBackgroundColor: 'rgba(61, 139, 253, 0.20)',
  rowHoverColor: 'rgba(255, 255, 255, 0.04)',
  chromeBackgroundColor: '#151d27',
  fontFamily: ['Inter', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'sans-serif'],
  fontSize: 12,
  headerFontSize: 11,
  headerFontWeight: 600,
  rowHeight: 26,
  headerHeight: 30,
  spacing: 4,
  cellHorizontalPadding: 8,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  browserColorScheme: 'dark',
})
