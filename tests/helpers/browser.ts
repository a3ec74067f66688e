/**
 * Headless Chromium for the browser tests: the system's Chromium (Debian's
 * `chromium` package, or CHROMIUM_PATH) driven by playwright-core through
 * `executablePath`; no browser is ever downloaded.
 *
 * `startChromium()` returns the browser, or the reason it could not start.
 * Under CI (`CI=true`) the browser tests fail on that reason; elsewhere they
 * are skipped with a message saying so and how to install Chromium.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const INSTALL_HINT = 'install Chromium (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium executable';

/** The Chromium executable to use: CHROMIUM_PATH, else the first of the usual system paths that exists. */
export function chromiumPath(): string | null {
  const env = process.env.CHROMIUM_PATH;
  if (env) return env;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export async function startChromium(): Promise<{ browser: Browser } | { error: string }> {
  const executablePath = chromiumPath();
  if (!executablePath) return { error: `no Chromium executable found (looked for CHROMIUM_PATH, ${CANDIDATES.join(', ')})` };
  // as root (CI), Chromium refuses to start without --no-sandbox
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  try {
    const browser = await chromium.launch({ executablePath, args: [...args, '--disable-dev-shm-usage'], timeout: 60_000 });
    return { browser };
  } catch (e) {
    return { error: `Chromium at ${executablePath} did not start: ${(e as Error).message.split('\n')[0]}` };
  }
}
