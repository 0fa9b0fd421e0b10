/** What every view may ask of the page: open a file at a line, the user's own files. */
import { createContext } from 'preact';
import type { Location } from './types.js';

export interface PageContext {
  openSource: (at: Pick<Location, 'file' | 'line'>) => void;
  files: Record<string, string>;
}

export const Page = createContext<PageContext>({ openSource: () => undefined, files: {} });
