// What the browser tests share: Debian's Chromium started the same way (with bench:editor), the
// studio's sign-in form, and mouse drags on the editor's Konva canvas in canvas coordinates.
import type { Page } from 'playwright-core';

// The launcher lives with the benches (bench:editor drives the same Chromium; its build cannot reach e2e/).
export { launchChromium } from '../../bench/lib/chromium.js';

/** Opens the studio at `url`, signs in through the form and waits until the studio shows who is signed in. */
export async function signInStudio(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('signed-in-as').waitFor();
}

export interface CanvasPoint {
  x: number;
  y: number;
}

/** A normalised canvas point -> page px, from the view (zoom, pan) the editor publishes on its canvas element. */
export async function canvasToScreen(page: Page, point: CanvasPoint, canvas: { width: number; height: number }): Promise<CanvasPoint> {
  const element = page.getByTestId('editor-canvas');
  const box = (await element.boundingBox())!;
  const view = await element.evaluate((el) => ({ zoom: Number(el.dataset['zoom']), panX: Number(el.dataset['panX']), panY: Number(el.dataset['panY']) }));
  return { x: box.x + view.panX + point.x * canvas.width * view.zoom, y: box.y + view.panY + point.y * canvas.height * view.zoom };
}

/** Drags with the mouse from one normalised canvas point to another, in small steps as a hand would. */
export async function dragOnCanvas(page: Page, from: CanvasPoint, to: CanvasPoint, canvas: { width: number; height: number }): Promise<void> {
  const start = await canvasToScreen(page, from, canvas);
  const end = await canvasToScreen(page, to, canvas);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + (end.x - start.x) / 4, start.y + (end.y - start.y) / 4, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await page.mouse.up();
}
