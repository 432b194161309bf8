// The few browser globals the e2e tests read inside `page.evaluate`, typed just enough. The tests'
// tsconfig has no DOM lib on purpose (src-main shares it and must not see `window`), so code that
// runs in the page starts with `const g = globalThis as unknown as PageGlobals` (the cast vanishes
// when the function is sent to the page). Keep such functions free of named inner functions: the
// TypeScript transform may wrap those in a helper the page does not have.

export interface PageElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): { width: number; height: number; left: number; right: number };
}

export interface PageGlobals {
  readonly document: {
    readonly scrollingElement: { readonly scrollWidth: number } | null;
    querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
    querySelector(selector: string): PageElement | null;
    addEventListener(type: 'focusin', fn: (e: { target: unknown }) => void): void;
  };
  readonly innerWidth: number;
  readonly performance: {
    now(): number;
    getEntriesByName(name: string): Array<{ startTime: number }>;
    getEntriesByType(type: string): Array<{ name: string; startTime: number; duration: number }>;
  };
  getComputedStyle(el: PageElement): { outlineStyle: string; boxShadow: string; backgroundColor: string };
  requestAnimationFrame(fn: (t: number) => void): number;
  /** What the e2e tests keep in the page between evaluate calls. */
  __e2e?: Record<string, unknown>;
}
