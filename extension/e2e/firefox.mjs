// Usage: node firefox.mjs EXTENSION_DIR PAGE_URL HOSTS
//
// Installs the Firefox build in Debian's firefox-esr (headless, driven by
// puppeteer-core over WebDriver BiDi; it never downloads a browser),
// opens one fake-platform page and prints what it found as JSON. HOSTS
// (comma-separated) resolve to 127.0.0.1; the page URL carries the port,
// since Firefox cannot remap it.
import puppeteer from 'puppeteer-core';

const [extDir, pageURL, hosts] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: process.env.FEEDLENS_FIREFOX || '/usr/bin/firefox-esr',
  headless: true,
  acceptInsecureCerts: true,
  extraPrefsFirefox: { 'network.dns.localDomains': hosts, 'intl.locale.requested': 'en-US' },
});
const out = {};
try {
  out.id = await browser.installExtension(extDir);
  const page = await browser.newPage();
  await page.goto(pageURL);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const st = await page.evaluate(() => ({ e2e: window.__e2e ?? null, badges: [...document.querySelectorAll('.feedlens-badge')].map((b) => b.dataset.feedlensId) }));
    Object.assign(out, st);
    if ((st.e2e?.done && st.badges.length >= st.e2e.rendered && st.e2e.rendered > 0) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
} catch (err) {
  out.error = String(err?.stack ?? err);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
