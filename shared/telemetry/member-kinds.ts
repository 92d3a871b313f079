/**
 * Which members of the room are headless peers (`npm run peer`: no page, keeps the chain on disk),
 * as their reports say (`kind`, shared/protocol/room-report.ts), so the graphs draw them apart from
 * the tabs. A report without `kind` (an older tab) is a tab; when two reports claim one name, the
 * later one speaks for it, as everywhere in room-view.ts. Pure.
 */
import type { ReportBody } from '../protocol/room-report';
import { reportsByName } from './room-view';

export function headlessMembers(reports: readonly ReportBody[]): string[] {
  return [...reportsByName(reports)]
    .filter(([, report]) => report.kind === 'headless')
    .map(([name]) => name)
    .sort();
}
