/** The panel's output formats (a module of its own: the CLI lists them without loading the panel code). */
export const PANEL_FORMATS = ['jsonl', 'csv'] as const;
export type PanelFormat = (typeof PANEL_FORMATS)[number];
