// The demo's tabs: each tab is a module with enter/leave; this file switches between them.

/** One tab of the demo: a module that sets up its media and tools when shown. */
export interface DemoTab {
  /** The `data-tab` of its button and the `data-for` of its tools. */
  readonly id: string;
  /** Called when the tab is shown. */
  enter(): void;
  /** Called when another tab is shown. */
  leave(): void;
}

const tabs = new Map<string, DemoTab>();
let current: DemoTab | null = null;

/** Adds a tab (its button in index.html has `role="tab"` and `data-tab` = its id). */
export function registerTab(tab: DemoTab): void {
  tabs.set(tab.id, tab);
}

/** The tab shown now. */
export function currentTab(): string {
  return current?.id ?? '';
}

/** Shows a tab: the previous one leaves, the buttons and tool rows follow. */
export function showTab(id: string): void {
  const next = tabs.get(id);
  if (!next) return;
  if (current && current !== next) current.leave();
  current = next;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === id));
  }
  for (const tools of document.querySelectorAll<HTMLElement>('.tab-tools')) tools.hidden = tools.dataset.for !== id;
  next.enter();
}

/** Wires the tab buttons. */
export function initTabs(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
    button.addEventListener('click', () => showTab(button.dataset.tab!));
  }
}
