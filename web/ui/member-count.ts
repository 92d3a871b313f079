/**
 * How many are in the room, said honestly: "3 tabs" while every member is a browser tab, "3
 * members: 2 tabs, 1 headless peer" once a headless peer (npm run peer: a program, no page) is
 * among them, so neither the graph's label nor the stage counts a program as a tab. Pure: the
 * caller gives the translation function (common namespace), so a test can run it in any language.
 */
import type { TFunction } from 'i18next';

export function memberCount(t: TFunction, members: number, headless: number): string {
  const tabs = t('common:members.tabs', { count: members - headless });
  if (headless <= 0) return tabs;
  return t('common:members.mixed', { count: members, tabs, headless: t('common:members.headless', { count: headless }) });
}

