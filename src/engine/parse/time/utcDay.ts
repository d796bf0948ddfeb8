/**
 * `Date.UTC(year, monthIndex, day)`, remembered for the last day asked: a log's lines run through
 * the same day by the thousand, and `Date.UTC` (a builtin call with seven conversions) was a tenth
 * of reading a JSON record's time. Adding the time of day to it gives exactly
 * `Date.UTC(year, monthIndex, day, h, m, s, ms)` (the spec's MakeDate(MakeDay, MakeTime), with the
 * same roll-over of day 31 or hour 24) for the 4-digit years a log line carries.
 */
let lastYear = Number.NaN
let lastMonth = Number.NaN
let lastDay = Number.NaN
let lastMs = Number.NaN

export function utcDayMs(year: number, monthIndex: number, day: number): number {
  if (day !== lastDay || monthIndex !== lastMonth || year !== lastYear) {
    lastMs = Date.UTC(year, monthIndex, day)
    lastYear = year
    lastMonth = monthIndex
    lastDay = day
  }
  return lastMs
}
