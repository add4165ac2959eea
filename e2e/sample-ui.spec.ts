/**
 * The first-run story in the real UI (Debian Chromium ↔ `phonehome serve` ↔ real services):
 * a new user opens the sample from the empty screen and sees the IMEI leak to
 * api.account.xiaomi.com, with the IMEI's exact bytes highlighted in the flow. Also: opening a
 * capture through the file picker (upload with progress) and the destinations and flows tabs.
 * Screenshots for the README are written to docs/screenshots/.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sampleIds, samplePcap, startServe, type ServeHandle } from './support/serve';

const shots = join(repoRoot, 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

let serve: ServeHandle;
test.afterEach(async () => {
  await serve?.stop();
});

test('opens the sample from the empty screen and highlights the leaked IMEI', async ({ page }) => {
  serve = await startServe();
  await page.goto(serve.url);
  await expect(page.getByTestId('empty-screen')).toBeVisible();
  // The token is moved out of the address bar once the page has it.
  await expect.poll(() => page.url()).not.toContain('token=');
  await page.getByTestId('try-sample').click();

  const imeiRow = page.getByTestId('leak-card').filter({ hasText: 'RedMi 1S IMEI' });
  await expect(imeiRow).toBeVisible();
  await expect(imeiRow).toContainText('api.account.xiaomi.com');
  await expect(page.getByTestId('leak-card')).toHaveCount(5);
  // Masked by default: the full IMEI is not on screen until the user reveals it.
  await expect(page.locator('body')).not.toContainText('865301020304057');
  await page.screenshot({ path: join(shots, 'sample-leaks.png') });

  await imeiRow.click();
  const evidence = page.getByTestId('evidence-view');
  await expect(evidence.getByTestId('evidence-message').locator('mark.current')).toHaveText(
    '865301020304057',
  );
  // The whole flow, below: both directions, chunk by chunk as captured.
  await evidence.getByTestId('evidence-flow').click();
  const view = page.getByTestId('flow-view');
  await expect(view).toBeVisible();
  await expect(view).toContainText('POST /pass/v2/activation/report');
  const marks = view.getByTestId('highlight');
  // The IMEI was cut across two TCP segments: its highlight spans both chunks, and together
  // the two marks are exactly the IMEI's bytes.
  await expect(marks.first()).toBeVisible();
  const texts = await marks.allTextContents();
  expect(texts.slice(0, 2).join('')).toBe('865301020304057');
  expect(texts).toContain('%2B8613800138000');
  await page.screenshot({ path: join(shots, 'sample-evidence.png') });
});

test('opens a capture through the file picker, uploading it with progress', async ({ page }) => {
  serve = await startServe(['--ids', sampleIds]);
  await page.goto(serve.url);
  await page.getByTestId('open-file-input').setInputFiles(samplePcap);
  await expect(page.getByTestId('capture-name')).toContainText('founding-case.pcapng');
  await expect(page.getByTestId('leak-card')).toHaveCount(5);

  await page.getByTestId('tab-destinations').click();
  const dest = page.getByTestId('dest-row').filter({ hasText: 'api.account.xiaomi.com' });
  await expect(dest).toBeVisible();
  await expect(dest).toContainText('198.51.100.10');
  await page.screenshot({ path: join(shots, 'sample-destinations.png') });

  await page.getByTestId('tab-flows').click();
  await expect(page.getByTestId('flow-row').filter({ hasText: 'www.google.com' })).toBeVisible();
  await page.getByTestId('tab-dns').click();
  await expect(page.getByTestId('dns-row').filter({ hasText: 'account.xiaomi.com' }).first()).toBeVisible();
});
