// The daily due list: merges every source of domain.md into one list ordered by urgency. Three
// parts: refresh.ts stores each account's items when it changes, list.ts reads the list, items.ts
// marks one done or snoozed.
export { markDone, snooze } from './due/items.js';
export { holidayOccurrences, listDue, type DueItem, type DueList, type DueOptions, type HeldBack } from './due/list.js';
export { dueConfigJson, loadInputs, refreshAllDue, refreshDue, refreshDueUrgency, type LoadedInputs } from './due/refresh.js';
