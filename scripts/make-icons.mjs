// scripts/make-icons.mjs — draws Probity's own icons (the browser tab, home
// screen and manifest icons) from assets/images/favicon.svg with headless
// Chromium: PNGs at 180, 192 and 512 pixels and a 48-pixel favicon.ico (a
// PNG inside an ICO header). Run by hand after changing the SVG; the output
// is committed (GOV.UK's crown icons are reserved for GOV.UK services).
//   node scripts/make-icons.mjs
import puppeteer from 'puppeteer-core';
import { readFileSync, writeFileSync } from 'node:fs';
const svg = readFileSync('assets/images/favicon.svg', 'utf8');
const browser = await puppeteer.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
async function png(size) {
  await page.setViewport({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="64" height="64"', `width="${size}" height="${size}"`)}</body></html>`);
  return page.screenshot({ type: 'png', omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}
for (const n of [180, 192, 512]) writeFileSync(`assets/images/probity-icon-${n}.png`, await png(n));
const p48 = await png(48);
const head = Buffer.alloc(22);
head.writeUInt16LE(0, 0); head.writeUInt16LE(1, 2); head.writeUInt16LE(1, 4);    // ICONDIR: one image
head.writeUInt8(48, 6); head.writeUInt8(48, 7); head.writeUInt8(0, 8); head.writeUInt8(0, 9);
head.writeUInt16LE(1, 10); head.writeUInt16LE(32, 12);                            // planes, bits per pixel
head.writeUInt32LE(p48.length, 14); head.writeUInt32LE(22, 18);                  // size, offset
writeFileSync('assets/images/favicon.ico', Buffer.concat([head, p48]));
await browser.close();
