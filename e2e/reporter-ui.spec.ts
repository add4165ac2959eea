/**
 * The reporter's screen in the real UI (Debian Chromium ↔ `phonehome serve` ↔ real services) on
 * the bundled founding-case sample: the leak feed says in words what went where; the evidence view
 * marks exactly the bytes the engine reported (offset and length compared with the CLI's leak
 * records); "Copy as text" gives a masked story; the presentation view never puts an identifier
 * on screen, in any encoding; themes and keyboard shortcuts work. Screenshots for the README go
 * to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LeakRecord } from '../shared/events';
import { repoRoot, sampleIds, samplePcap, startServe, type ServeHandle } from './support/serve';

const shots = join(repoRoot, 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

const IMEI = '865301020304057';
const identifiers = (
  JSON.parse(readFileSync(sampleIds, 'utf8')) as { identifiers: { kind: string; value: string }[] }
).identifiers;

/** The CLI's leak records for the sample: what the UI must show and mark. */
function cliLeaks(): LeakRecord[] {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'phonehome.mjs'), 'analyze', samplePcap, '--ids', sampleIds],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string })
    .filter((x): x is LeakRecord => x.type === 'leak');
}

/**
 * Every form of every sample identifier that must never be on screen in the presentation view:
 * the values as typed and canonical, their written forms (DESIGN §5), URL and form encodings,
 * base64, and the MD5/SHA-1/SHA-256 digests in hex.
 */
function forbiddenForms(): string[] {
  const out = new Set<string>();
  for (const { kind, value } of identifiers) {
    const forms = [value];
    if (kind === 'imei') forms.push(value.slice(0, 14));
    if (kind === 'phone') {
      const digits = value.replace(/\D/g, '');
      const national = digits.replace(/^86/, '');
      forms.push(
        digits,
        `00${digits}`,
        national,
        `0${national}`,
        `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`,
      );
    }
    if (kind === 'mac') forms.push(value.replace(/:/g, ''), value.replace(/:/g, '-'));
    for (const f of forms) {
      out.add(f);
      out.add(encodeURIComponent(f));
      out.add(encodeURIComponent(f).replace(/%20/g, '+'));
      out.add(Buffer.from(f).toString('base64').replace(/=+$/, ''));
      for (const algorithm of ['md5', 'sha1', 'sha256'])
        out.add(createHash(algorithm).update(f).digest('hex'));
    }
  }
  return [...out].map((f) => f.toLowerCase());
}

/** All text and every attribute value in the document, lower-cased. */
function wholeDom(page: Page): Promise<string> {
  return page.evaluate(() =>
    `${document.title}\n${document.documentElement.outerHTML}\n${document.body.innerText}`.toLowerCase(),
  );
}

let serve: ServeHandle;
test.afterEach(async () => {
  await serve?.stop();
});

async function openSample(page: Page): Promise<void> {
  serve = await startServe(['--open', samplePcap, '--ids', sampleIds]);
  await page.goto(serve.url);
  await expect(page.getByTestId('leaks-list')).toHaveAttribute('data-rows', '5');
}

test('the leak feed says what went where, masked, newest first or by destination', async ({ page }) => {
  await openSample(page);
  const cards = page.getByTestId('leak-card');
  await expect(cards).toHaveCount(5);
  // Newest first: the IMSI went out last (frame 48), the IMEI, number and carrier first (frame 8).
  await expect(cards.first().getByTestId('leak-sentence')).toHaveText('IMSI in the query of an HTTP GET');
  await expect(cards.first().getByTestId('leak-host')).toHaveText('account.xiaomi.com');

  const imei = cards.filter({ hasText: 'RedMi 1S IMEI' });
  await expect(imei.getByTestId('leak-sentence')).toHaveText('IMEI in the body of an HTTP POST');
  await expect(imei.getByTestId('leak-host')).toHaveText('api.account.xiaomi.com');
  await expect(imei.getByTestId('leak-value')).toHaveText('865•••••••••057');
  await expect(imei.getByTestId('leak-encoding')).toHaveText('plain');
  await expect(cards.filter({ hasText: 'SIM carrier' }).getByTestId('leak-sentence')).toHaveText(
    'Carrier name form-encoded in the body of an HTTP POST',
  );
  await expect(cards.filter({ hasText: 'contact: Li Wei' }).getByTestId('leak-sentence')).toHaveText(
    'Phone number (international form) in the body of an HTTP POST',
  );
  await expect(page.locator('body')).not.toContainText(IMEI);

  // Structural MAC sightings are a note, not leaks.
  const note = page.getByTestId('structural-note');
  await expect(note).toContainText('Structural (not leaks)');
  await expect(note.getByTestId('structural-row')).toHaveText([
    /Wi-Fi MAC in the Ethernet source address ×32/,
    /Wi-Fi MAC in the Ethernet destination address ×22/,
  ]);
  await page.screenshot({ path: join(shots, 'reporter-feed.png') });

  // Revealing one card shows that value only; the global toggle shows them all.
  await imei.getByTestId('leak-reveal').click();
  await expect(imei.getByTestId('leak-value')).toHaveText(IMEI);
  await expect(cards.filter({ hasText: 'SIM IMSI' }).getByTestId('leak-value')).toHaveText('460•••••••••890');
  await page.getByTestId('reveal-toggle').check();
  await expect(cards.filter({ hasText: 'SIM IMSI' }).getByTestId('leak-value')).toHaveText('460001234567890');
  await page.getByTestId('reveal-toggle').uncheck();
  await imei.getByTestId('leak-reveal').click();
  await expect(page.locator('body')).not.toContainText(IMEI);

  await page.getByTestId('feed-order-destination').click();
  await expect(page.getByTestId('feed-group')).toHaveCount(2);
  await expect(page.getByTestId('feed-group').first()).toHaveAttribute('data-host', 'api.account.xiaomi.com');
  await expect(page.getByTestId('feed-group').first()).toContainText('4 leaks');
  await page.screenshot({ path: join(shots, 'reporter-grouped.png') });

  await page.getByTestId('leak-search').fill('IMSI');
  await expect(page.getByTestId('leaks-list')).toHaveAttribute('data-rows', '1');
  await expect(page.getByTestId('feed-count')).toHaveText('1 of 5 leaks');
  await page.getByTestId('leak-search').fill('');

  await page.getByTestId('tab-identifiers').click();
  const rows = page.getByTestId('identifier-summary-row');
  await expect(rows).toHaveCount(6);
  await expect(rows.filter({ hasText: 'RedMi 1S IMEI' })).toHaveAttribute('data-leaks', '1');
  await expect(rows.filter({ hasText: 'Wi-Fi MAC' })).toContainText('not seen in any traffic');
  await expect(rows.filter({ hasText: 'Wi-Fi MAC' })).toContainText('ethernet source address ×32');
  await page.screenshot({ path: join(shots, 'reporter-identifiers.png') });
});

test("the evidence view marks exactly the leak's bytes and copies a masked story", async ({
  page,
  context,
}) => {
  const leaks = cliLeaks();
  const imeiLeak = leaks.find((l) => l.kind === 'imei')!;
  await openSample(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });

  await page.getByTestId('leak-card').filter({ hasText: 'RedMi 1S IMEI' }).click();
  const view = page.getByTestId('evidence-view');
  await expect(view).toHaveAttribute('data-leak-id', String(imeiLeak.leakId));
  await expect(view.getByTestId('evidence-start-line')).toHaveText(
    'POST /pass/v2/activation/report HTTP/1.1',
  );
  await expect(view.getByTestId('evidence-headers')).toContainText('Host: api.account.xiaomi.com');
  await expect(view.getByTestId('evidence-first-frame')).toHaveText(String(imeiLeak.frame));
  await expect(view.getByTestId('evidence-frames')).toContainText(`frames ${imeiLeak.frames.join(', ')}`);

  // The current mark starts at the engine's offset, is as long as its length, and is the IMEI.
  const current = view.getByTestId('evidence-message').locator('mark.current');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveText(IMEI);
  await expect(current).toHaveAttribute('data-offset', String(imeiLeak.offset));
  await expect(current).toHaveAttribute('data-start', String(imeiLeak.offset));
  await expect(current).toHaveAttribute('data-length', String(imeiLeak.length));
  expect(imeiLeak.length).toBe(IMEI.length);
  // The other leaks in the same body are marked too, at their own offsets.
  const phoneLeak = leaks.find((l) => l.label === "phone's own number")!;
  await expect(
    view.getByTestId('evidence-message').locator(`mark[data-offset="${phoneLeak.offset}"]`),
  ).toHaveText('%2B8613800138000');
  await page.screenshot({ path: join(shots, 'reporter-evidence.png') });

  // Hex: the marked hex digits are the IMEI's ASCII codes, on lines numbered by stream offset.
  await view.getByTestId('evidence-mode-hex').click();
  const hexMarks = view.getByTestId('evidence-hex').locator('.hex-bytes mark.current');
  await expect(hexMarks.first()).toBeVisible();
  const hex = (await hexMarks.allTextContents()).join(' ').replace(/\s+/g, '');
  expect(hex).toBe(Buffer.from(IMEI).toString('hex'));
  await page.screenshot({ path: join(shots, 'reporter-evidence-hex.png') });

  await view.getByTestId('evidence-copy').click();
  await expect(view.getByTestId('copy-status')).toHaveText('Copied');
  const story = await page.evaluate(() => navigator.clipboard.readText());
  expect(story.split('\n')[0]).toBe('IMEI in the body of an HTTP POST');
  expect(story).toContain('Identifier: RedMi 1S IMEI — 865•••••••••057');
  expect(story).toContain('Sent to:    api.account.xiaomi.com (198.51.100.10:80)');
  expect(story).toContain(`frame ${imeiLeak.frame}`);
  expect(story).toContain(`Bytes in:   frames ${imeiLeak.frames.join(', ')}`);
  expect(story).not.toContain(IMEI);

  // Revealed, the copy carries the value: the user chose to.
  await page.getByTestId('reveal-toggle').check();
  await view.getByTestId('evidence-copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`RedMi 1S IMEI — ${IMEI}`);

  await view.getByTestId('evidence-close').click();
  await expect(view).toHaveCount(0);
});

test('the presentation view never shows an identifier, in any form, even when revealed', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await openSample(page);
  // The reporter revealed everything and opened the evidence, with raw bytes, before presenting.
  await page.getByTestId('reveal-toggle').check();
  await page.getByTestId('leak-card').filter({ hasText: 'RedMi 1S IMEI' }).click();
  await expect(page.getByTestId('evidence-message').locator('mark.current')).toHaveText(IMEI);
  expect(await wholeDom(page)).toContain(IMEI);

  await page.keyboard.press('p');
  const presentation = page.getByTestId('presentation');
  await expect(presentation).toBeVisible();
  await expect(page.getByTestId('app')).toHaveCount(0);
  await expect(page.getByTestId('presentation-sentence')).toHaveText('IMSI in the query of an HTTP GET');
  await expect(page.getByTestId('presentation-destination')).toContainText('account.xiaomi.com');
  await expect(page.getByTestId('presentation-value')).toHaveText('460•••••••••890');
  await expect(page.getByTestId('presentation-counts')).toHaveText('5 leaks to 2 destinations');
  expect(
    await page.getByTestId('presentation-leak').evaluate((el) => getComputedStyle(el).animationName),
  ).toBe('present-in');

  // Step through every leak and scan the whole document each time.
  const forbidden = forbiddenForms();
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const dom = await wholeDom(page);
    expect(forbidden.filter((f) => dom.includes(f))).toEqual([]);
    seen.add((await page.getByTestId('presentation-sentence').textContent()) ?? '');
    await page.keyboard.press('j');
  }
  expect(seen.size).toBe(5);
  // Newest first, leaks of one frame by id: IMSI, contact, carrier, own number, IMEI; j stops at the end.
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect(page.getByTestId('presentation-sentence')).toHaveText(
    'Carrier name form-encoded in the body of an HTTP POST',
  );
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(page.getByTestId('presentation-sentence')).toHaveText('IMEI in the body of an HTTP POST');
  await page.screenshot({ path: join(shots, 'presentation.png') });

  await page.keyboard.press('Escape');
  await expect(presentation).toHaveCount(0);
  await expect(page.getByTestId('app')).toBeVisible();

  // Under prefers-reduced-motion the leak appears without sliding in.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.getByTestId('present-button').click();
  expect(
    await page.getByTestId('presentation-leak').evaluate((el) => getComputedStyle(el).animationName),
  ).toBe('none');
  await page.getByTestId('presentation-leave').click();
  await expect(page.getByTestId('app')).toBeVisible();
});

test('light and dark themes follow the system, toggle, and are remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openSample(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(20, 20, 24)');
  await page.screenshot({ path: join(shots, 'reporter-dark.png') });

  await page.getByTestId('theme-toggle').click();
  expect(await background()).toBe('rgb(255, 255, 255)');
  expect(await page.evaluate(() => localStorage.getItem('phonehome.theme'))).toBe('light');
  await page.reload();
  await expect(page.getByTestId('leaks-list')).toHaveAttribute('data-rows', '5');
  expect(await background()).toBe('rgb(255, 255, 255)');

  // Back to the system's theme: the choice is forgotten, so the window follows the system again.
  await page.keyboard.press('t');
  expect(await background()).toBe('rgb(20, 20, 24)');
  expect(await page.evaluate(() => localStorage.getItem('phonehome.theme'))).toBeNull();
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(255, 255, 255)');
});

test('keyboard shortcuts: help, next and previous leak, evidence, search, open, capture screen', async ({
  page,
}) => {
  await openSample(page);
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await expect(page.getByTestId('help-overlay')).toContainText('Presentation view');
  await page.screenshot({ path: join(shots, 'reporter-help.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);

  const cards = page.getByTestId('leak-card');
  const selected = page.locator('[data-testid="leak-card"][data-selected="true"]');
  await page.keyboard.press('j');
  await expect(selected).toHaveCount(1);
  await expect(selected.getByTestId('leak-sentence')).toHaveText('IMSI in the query of an HTTP GET');
  await page.keyboard.press('n');
  await expect(selected).toContainText('contact: Li Wei');
  await page.keyboard.press('k');
  await expect(selected).toContainText('SIM IMSI');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('evidence-view')).toContainText('GET /pass/serviceLogin');
  await page.keyboard.press('j');
  await expect(page.getByTestId('evidence-title')).toHaveText(
    'Phone number (international form) in the body of an HTTP POST',
  );
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('evidence-view')).toHaveCount(0);

  // "/" focuses the search; letters typed there are text, not shortcuts.
  await page.keyboard.press('/');
  await expect(page.getByTestId('leak-search')).toBeFocused();
  await page.keyboard.type('xiaomi post');
  await expect(page.getByTestId('leak-search')).toHaveValue('xiaomi post');
  await expect(page.getByTestId('leaks-list')).toHaveAttribute('data-rows', '4');
  await expect(page.getByTestId('presentation')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('leak-search')).toHaveValue('');
  await expect(cards).toHaveCount(5);

  await page.locator('body').click({ position: { x: 5, y: 880 } });
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('o');
  await chooser;

  await page.keyboard.press('s');
  await expect(page.getByTestId('capture-screen')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('capture-screen')).toHaveCount(0);
  await expect(page.getByTestId('leaks-panel')).toBeVisible();
});

test('the identifiers editor previews the patterns that will be searched, masked until revealed', async ({
  page,
}) => {
  await openSample(page);
  const imeiRow = page.getByTestId('identifier-row').filter({ hasText: 'RedMi 1S IMEI' });
  await imeiRow.getByTestId('variant-preview').locator('summary').click();
  await expect(imeiRow.getByTestId('variant-total')).toContainText('patterns in');
  // The encodings DESIGN §5 names for an IMEI, each a group of its own.
  for (const encoding of ['plain', 'imei-14', 'imeisv', 'base64', 'hex', 'md5-hex', 'sha256-hex']) {
    await expect(imeiRow.locator(`[data-testid="variant-group"][data-encoding="${encoding}"]`)).toHaveCount(
      1,
    );
  }
  await expect(imeiRow.getByTestId('variant-example')).toHaveCount(0);
  expect((await wholeDom(page)).includes(createHash('md5').update(IMEI).digest('hex'))).toBe(false);
  await page.getByTestId('identifiers-reveal').click();
  await expect(
    imeiRow.locator('[data-testid="variant-group"][data-encoding="md5-hex"] [data-testid="variant-example"]'),
  ).toContainText(createHash('md5').update(IMEI).digest('hex'));
});
