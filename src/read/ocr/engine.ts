/**
 * The OCR engine: tesseract.js workers reading cell crops, with language
 * data from the npm packages `@tesseract.js-data/eng` and `…/chi_sim`.
 *
 * Nothing is downloaded at run time: `langPath` points at the data package's
 * `4.0.0_best_int` folder and `cacheMethod` is `'none'` (by default
 * tesseract.js fetches language data from a CDN and caches it; issue 11).
 * One worker per language, created on first use.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker } from 'tesseract.js';
import { toPgm, type Gray } from './bitmap.js';

const require = createRequire(import.meta.url);

/** Folder holding `<lang>.traineddata.gz` inside an installed data package. */
export function langDir(lang: 'eng' | 'chi_sim'): string {
  const pkg = require.resolve(`@tesseract.js-data/${lang}/package.json`);
  return path.join(path.dirname(pkg), '4.0.0_best_int');
}

/** Tesseract page-segmentation modes used here. */
export const PSM_BLOCK = '6';
export const PSM_LINE = '7';
export const PSM_WORD = '8';
export const PSM_CHAR = '10';

/** One reading of a crop: the text and tesseract's mean confidence (0–1). */
export interface Reading {
  text: string;
  confidence: number;
}

/** Characters a number cell may hold (signs and decimals included; parsing decides). */
export const DIGIT_WHITELIST = '0123456789.-';

/**
 * Two tesseract workers (digits with `eng`, text with `chi_sim`). Call
 * `close()` when done: the workers are threads that keep the process alive.
 */
/**
 * A tesseract worker for one language. tesseract.js is imported here, on first use: every
 * document passes through the OCR session code, and a text PDF must not pay for loading it.
 */
async function startWorker(lang: 'eng' | 'chi_sim'): Promise<Worker> {
  const { createWorker } = await import('tesseract.js');
  return createWorker(lang, 1, { langPath: langDir(lang), cacheMethod: 'none', gzip: true });
}

export class OcrEngine {
  private digits: Promise<Worker> | null = null;
  private text: Promise<Worker> | null = null;
  private digitParams = '';
  private textParams = '';
  /** Crops read so far (for the bench and progress). */
  reads = 0;

  private worker(kind: 'digits' | 'text'): Promise<Worker> {
    if (kind === 'digits') {
      this.digits ??= startWorker('eng');
      return this.digits;
    }
    // chi_sim's model carries Latin letters and digits too; one language keeps one data folder
    this.text ??= startWorker('chi_sim');
    return this.text;
  }

  /** Read a number cell's ink: whitelist digits, sign and point; `psm` line (7) or word (8). */
  async readDigits(crop: Gray, psm: string = PSM_LINE): Promise<Reading> {
    const w = await this.worker('digits');
    const key = `${psm}`;
    if (this.digitParams !== key) {
      await w.setParameters({ tessedit_pageseg_mode: psm as never, tessedit_char_whitelist: DIGIT_WHITELIST, user_defined_dpi: '200' });
      this.digitParams = key;
    }
    return this.recognize(w, crop);
  }

  /** Read a text cell (labels, notes): `chi_sim`, no whitelist, as a block. */
  async readText(crop: Gray, psm: string = PSM_BLOCK): Promise<Reading> {
    const w = await this.worker('text');
    if (this.textParams !== psm) {
      await w.setParameters({ tessedit_pageseg_mode: psm as never, user_defined_dpi: '200', preserve_interword_spaces: '0' });
      this.textParams = psm;
    }
    return this.recognize(w, crop);
  }

  private async recognize(w: Worker, crop: Gray): Promise<Reading> {
    this.reads++;
    // debug: Tesseract's diagnostics ("Image too small to scale!!", "Line cannot be recognized!!" on a sliver of a
    // cell) go to the result (unread) instead of the process's stderr, where they broke into xxgk's own lines
    const r = await w.recognize(Buffer.from(toPgm(crop)), {}, { text: true, blocks: false, hocr: false, tsv: false, debug: true } as never);
    return { text: r.data.text.trim(), confidence: Math.max(0, Math.min(1, (r.data.confidence ?? 0) / 100)) };
  }

  async close(): Promise<void> {
    const ws = [this.digits, this.text].filter((w): w is Promise<Worker> => w !== null);
    this.digits = this.text = null;
    await Promise.all(ws.map(async (p) => (await p.catch(() => null))?.terminate()));
  }
}
