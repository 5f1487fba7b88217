/** Numbers behind the council charts: axis maxima, bar lengths and how withheld cells read. */
import type { Cell, DayActivity } from "../../shared/api/planTypes";

/** A round axis maximum at or above `value` (1, 2, 5 × 10^n). */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Axis ticks from 0 to a niceMax value, in round steps (…, 0.5, 1, 2, 5, 10, …). */
export function ticks(max: number, count?: number): number[] {
  const lead = max / 10 ** Math.floor(Math.log10(max));
  const steps = count ?? (lead === 2 ? 4 : 5);
  return Array.from({ length: steps + 1 }, (_, i) => Math.round((max / steps) * i * 1000) / 1000);
}

/** What a cell shows: the number, or "<5" when it is withheld to protect small groups. */
export function cellText(cell: Cell): string {
  return cell.withheld || cell.participants === null ? "<5" : String(cell.participants);
}

/** Bar length as a share of the axis; withheld cells get no bar (their value is unknown). */
export function barShare(cell: Cell, max: number): number {
  if (cell.withheld || cell.participants === null) return 0;
  return Math.min(1, cell.participants / (max || 1));
}

export function maxOf(cells: Cell[]): number {
  return niceMax(Math.max(0, ...cells.map((c) => c.participants ?? 0)));
}

export type Series = "proposals" | "votes" | "comments";

/** Days without activity are filled in, so the time axis is even. */
export function fillDays(days: DayActivity[]): DayActivity[] {
  if (days.length === 0) return [];
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  const byDay = new Map(sorted.map((d) => [d.day, d]));
  const out: DayActivity[] = [];
  const end = new Date(`${sorted[sorted.length - 1].day}T00:00:00Z`);
  for (let d = new Date(`${sorted[0].day}T00:00:00Z`); d <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    const key = d.toISOString().slice(0, 10);
    out.push(byDay.get(key) ?? { day: key, proposals: 0, votes: 0, comments: 0 });
    if (out.length > 3660) break;
  }
  return out;
}

/** Weekly totals for long periods, so a bar stays wide enough to see. */
export function bucket(days: DayActivity[], maxBars = 60): DayActivity[] {
  if (days.length <= maxBars) return days;
  const size = Math.ceil(days.length / maxBars);
  const out: DayActivity[] = [];
  for (let i = 0; i < days.length; i += size) {
    const chunk = days.slice(i, i + size);
    out.push({
      day: chunk[0].day,
      proposals: chunk.reduce((s, d) => s + d.proposals, 0),
      votes: chunk.reduce((s, d) => s + d.votes, 0),
      comments: chunk.reduce((s, d) => s + d.comments, 0),
    });
  }
  return out;
}
