// The browser harness's own check: needs Chromium and web/ (npm ci, npm run
// build), not the instroom binary. Run: node --test tests/e2e/harness.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, screenshot, repoRoot } from './lib.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test('launches Chromium, opens a data: URL and takes a screenshot', async () => {
  const page = await browser.newPage();
  const html = '<!doctype html><html lang="nl"><title>harness</title><h1>instroom harness</h1><p id="p">ok</p>';
  await page.goto(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
  assert.equal(await page.textContent('h1'), 'instroom harness');
  assert.equal(await page.title(), 'harness');
  const path = await screenshot(page, 'harness data url');
  assert.ok(path.endsWith(join('tests', 'e2e', 'screenshots', 'harness-data-url.png')));
  const png = readFileSync(path);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.close();
});

test('every browser context starts without cookies', async () => {
  const a = await browser.newContext();
  await a.addCookies([{ name: 's', value: '1', url: 'http://127.0.0.1:9/' }]);
  const b = await browser.newContext();
  assert.equal((await a.cookies()).length, 1);
  assert.equal((await b.cookies()).length, 0);
  await a.close();
  await b.close();
});

// The sample pages in fixtures/ use the markup of web/static/README.md with
// web/dist/vendor.css and web/static/instroom.css: check that the styles load
// and hold at 360 px wide, and keep screenshots to look at.
const vendorCss = join(repoRoot, 'web', 'dist', 'vendor.css');
for (const name of ['shell', 'login']) {
  for (const width of [1280, 360]) {
    test(`sample page ${name} at ${width} px: styles apply, nothing overflows`, async () => {
      assert.ok(existsSync(vendorCss), 'web/dist/vendor.css is missing: run scripts/bootstrap (npm ci && npm run build in web/)');
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      const failed = [];
      page.on('requestfailed', (r) => {
        // Links of the sample page go nowhere; only its styles, fonts and images matter.
        if (['stylesheet', 'font', 'image'].includes(r.resourceType())) failed.push(r.url());
      });
      await page.goto(pathToFileURL(join(repoRoot, 'tests', 'e2e', 'fixtures', `${name}.html`)).href);
      await page.evaluate(() => document.fonts.ready);
      assert.deepEqual(failed, [], 'stylesheets, fonts and images load');

      const style = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const brand = document.querySelector('.instroom-brand__name');
        return {
          font: body.fontFamily,
          canvas: body.backgroundColor,
          brand: brand && getComputedStyle(brand).color,
          noto: document.fonts.check('16px "Noto Sans Variable"'),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      assert.match(style.font, /Noto Sans Variable/, 'the design tokens set the font');
      assert.ok(style.noto, 'Noto Sans loaded from web/dist/fonts');
      assert.equal(style.canvas, 'rgb(244, 246, 248)', 'instroom.css applies');
      assert.equal(style.brand, 'rgb(11, 94, 99)');
      assert.ok(style.overflow <= 0, `page is ${style.overflow} px wider than the ${width} px viewport`);

      // Keyboard: the first Tab reaches the skip link and it shows a focus ring.
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        return { cls: el.className, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
      });
      assert.equal(ring.cls, 'instroom-skip-link');
      assert.equal(ring.outline, 'solid');
      assert.ok(ring.width >= 2, 'focus ring at least 2 px');
      await page.keyboard.press('Tab');

      await screenshot(page, `sample-${name}-${width}`);
      await context.close();
    });
  }
}
