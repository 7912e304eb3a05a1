import type { Browser } from 'playwright-core';

export interface Mesure {
  /** Bytes on the wire (compressed bodies + headers), as Chromium counts them (encodedDataLength). */
  total: number;
  ressources: Array<{ url: string; octets: number; encodage: string }>;
}

/**
 * Bytes transferred for a first visit of `premiere` (empty cache), then for a visit of `suivante` in the same
 * browser session. Counted by Chromium itself through the devtools protocol, so compression, cache hits
 * (0 bytes) and headers are exactly what a real browser sees. Map tiles are excluded by construction: the map
 * loads only on request.
 */
export async function mesurerPoids(browser: Browser, premiere: string, suivante: string): Promise<{ premiere: Mesure; suivante: Mesure }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, { url: string; encodage: string }>();
  let courante: Mesure = { total: 0, ressources: [] };
  cdp.on('Network.responseReceived', (e) => {
    const h = e.response.headers as Record<string, string>;
    const enc = Object.entries(h).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1] ?? 'aucun';
    urls.set(e.requestId, { url: e.response.url, encodage: enc });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = urls.get(e.requestId);
    courante.total += e.encodedDataLength;
    courante.ressources.push({ url: r?.url ?? '?', octets: e.encodedDataLength, encodage: r?.encodage ?? '?' });
  });
  const visiter = async (url: string) => {
    courante = { total: 0, ressources: [] };
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForLoadState('networkidle');
    return courante;
  };
  const m1 = await visiter(premiere);
  const m2 = await visiter(suivante);
  await context.close();
  return { premiere: m1, suivante: m2 };
}
