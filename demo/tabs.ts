// The demo's tabs, following the WAI-ARIA tabs pattern: a tablist of buttons (roving tabindex, arrow
// keys, Home/End, automatic activation) controlling tab panels. Each tab is a module with enter/leave.

/** One tab of the demo: a module that sets up its media and tools when shown. */
export interface DemoTab {
  /** The `data-tab` of its button and the `data-for` of its panel. */
  readonly id: string;
  /** Called when the tab is shown. */
  enter(): void;
  /** Called when another tab is shown. */
  leave(): void;
}

const tabs = new Map<string, DemoTab>();
let current: DemoTab | null = null;
const listeners = new Set<(id: string) => void>();

/** Adds a tab (its button in index.html has `role="tab"` and `data-tab` = its id). */
export function registerTab(tab: DemoTab): void {
  tabs.set(tab.id, tab);
}

/** The tab shown now. */
export function currentTab(): string {
  return current?.id ?? '';
}

/** Calls `listener` with the new tab id after every switch. */
export function onTabChange(listener: (id: string) => void): void {
  listeners.add(listener);
}

function buttons(): HTMLButtonElement[] {
  return [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].filter((b) => tabs.has(b.dataset.tab ?? ''));
}

/** Shows a tab: the previous one leaves, the buttons and panels follow. */
export function showTab(id: string): void {
  const next = tabs.get(id);
  if (!next) return;
  if (current && current !== next) current.leave();
  current = next;
  for (const button of buttons()) {
    const selected = button.dataset.tab === id;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
  }
  for (const panel of document.querySelectorAll<HTMLElement>('[role="tabpanel"]')) panel.hidden = panel.dataset.for !== id;
  next.enter();
  for (const listener of listeners) listener(id);
}

/** Wires the tab buttons: click, and the arrow keys, Home and End within the tablist. */
export function initTabs(): void {
  for (const button of buttons()) {
    button.addEventListener('click', () => showTab(button.dataset.tab!));
    button.addEventListener('keydown', (e) => {
      const all = buttons();
      const at = all.indexOf(button);
      const to =
        e.key === 'ArrowRight' ? (at + 1) % all.length
        : e.key === 'ArrowLeft' ? (at - 1 + all.length) % all.length
        : e.key === 'Home' ? 0
        : e.key === 'End' ? all.length - 1
        : -1;
      if (to < 0) return;
      e.preventDefault();
      all[to].focus();
      showTab(all[to].dataset.tab!);
    });
  }
}
