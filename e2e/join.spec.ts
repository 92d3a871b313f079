/** The join card: the URL that joins this room, as text and as a QR code a phone can scan. */
import { expect, test, type Locator } from '@playwright/test';
import jsQR from 'jsqr';
import { openTab } from './tabs';

const ROOM = '數學課';

/** Reads the QR code the page drew: its pixels come back from the page, jsQR decodes them here. */
async function decodeQr(image: Locator): Promise<string | null> {
  const pixels = await image.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, rgba: Array.from(data.data) };
  });
  return jsQR(Uint8ClampedArray.from(pixels.rgba), pixels.width, pixels.height)?.data ?? null;
}

test('two tabs in a room named in Chinese connect, and the join card carries its URL as text and QR code', async ({ context, request }) => {
  const a = await openTab(context, encodeURIComponent(ROOM), 6);
  const b = await openTab(context, encodeURIComponent(ROOM), 6);
  for (const tab of [a, b]) {
    await expect(tab.page.getByTestId('room-name')).toHaveText(ROOM);
    await expect(tab.page.getByTestId('peer-count')).toHaveText('1');
  }

  await a.page.getByTestId('join-card-open').click();
  const card = a.page.getByRole('dialog', { name: ROOM });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('join-card-count')).toHaveText('2 tabs in this room now');

  // The page was opened on localhost, which no phone can reach: the card uses the server's LAN address.
  const { lanOrigins } = (await (await request.get('/join-info')).json()) as { lanOrigins: string[] };
  const origin = lanOrigins[0] ?? new URL(a.page.url()).origin;
  const joinUrl = `${origin}/?room=${encodeURIComponent(ROOM)}&difficulty=6`;
  await expect(card.getByTestId('join-card-url')).toHaveText(`${origin}/?room=${ROOM}&difficulty=6`);
  const qr = card.getByTestId('join-card-qr');
  await expect(qr).toBeVisible();
  expect(await decodeQr(qr)).toBe(joinUrl);

  // Scanning it lands a third tab in the same room, on the same chain.
  const c = await context.newPage();
  await c.goto(joinUrl);
  await expect(c.getByTestId('room-name')).toHaveText(ROOM);
  await expect(c.getByTestId('peer-count')).toHaveText('2');
  await expect(card.getByTestId('join-card-count')).toHaveText('3 tabs in this room now');

  await a.page.keyboard.press('Escape');
  await expect(card).toBeHidden();
  await a.page.getByTestId('join-card-open').click();
  await a.page.getByTestId('join-card-close').click();
  await expect(a.page.getByTestId('join-card')).toBeHidden();
});

test('on a phone, the join card button is on the first screen and the card fits; in Chinese it reads Chinese', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-TW' });
  const page = await context.newPage();
  await page.goto(`/?room=${encodeURIComponent('第3組')}&difficulty=6`);
  await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  const button = page.getByTestId('join-card-open');
  await expect(button).toHaveText('掃碼加入');
  const box = (await button.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  await button.click();
  const card = page.getByRole('dialog', { name: '第3組' });
  await expect(card.getByTestId('join-card-count')).toHaveText('房間裡現在有 1 個分頁');
  await expect(card.getByTestId('join-card-qr')).toBeVisible();
  const cardBox = (await card.boundingBox())!;
  expect(cardBox.x).toBeGreaterThanOrEqual(0);
  expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(390);
  await context.close();
});

test('two spellings of one room name (composed é and e + accent) are one room', async ({ context }) => {
  const composed = await openTab(context, encodeURIComponent('équipe-a'), 6);
  const decomposed = await openTab(context, encodeURIComponent('e\u0301quipe-a'), 6);
  for (const tab of [composed, decomposed]) {
    await expect(tab.page.getByTestId('room-name')).toHaveText('équipe-a');
    await expect(tab.page.getByTestId('peer-count')).toHaveText('1');
  }
});
