// The public site at phone width (375 px): every page `probity publish`
// writes from the demo force (the published registers, inspection responses
// and panel reviews, stop and search, use of force, the complaints and
// conduct page, training, the ethics panel's publications, the accessibility
// statement and privacy notice), served as static files the way a force's
// web server would, and the pages the Probity server itself shows to someone
// not signed in. On each: no horizontal scrolling, axe clean, no console error.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.csv': 'text/csv; charset=utf-8',
  '.woff2': 'font/woff2', '.woff': 'font/woff',
};

// Every .html file under dir (not the assets), as site paths.
function pages(dir, sub = '') {
  return readdirSync(join(dir, sub)).sort().flatMap((f) => {
    const rel = join(sub, f);
    if (statSync(join(dir, rel)).isDirectory()) return f === 'assets' ? [] : pages(dir, rel);
    return f.endsWith('.html') ? ['/' + rel] : [];
  });
}

export async function publicSite({ bin, demoDb, tmp, root, demoBase, session, audit, ok, fail }) {
  const out = join(tmp, 'public');
  execFileSync(bin, ['--db', demoDb, 'publish', '--out', out, '--assets-root', root], { encoding: 'utf8' });
  const srv = http.createServer((q, r) => {
    let p = join(out, decodeURIComponent(new URL(q.url, 'http://site').pathname));
    if (!p.startsWith(out)) { r.writeHead(404); r.end(); return; }
    try {
      if (statSync(p).isDirectory()) p = join(p, 'index.html');
      r.writeHead(200, { 'Content-Type': types[extname(p)] || 'application/octet-stream' });
      r.end(readFileSync(p));
    } catch { r.writeHead(404); r.end('Not found'); }
  });
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  const site = `http://127.0.0.1:${srv.address().port}`;
  const list = pages(out);
  if (list.length >= 10) ok(`the public site has its pages (${list.length})`); else fail('the public site has its pages', list.join(' '));
  const sx = await session('public');
  await sx.page.setViewport({ width: 375, height: 800 });
  const check = async (url, label) => {
    const resp = await sx.page.goto(url, { waitUntil: 'load' });
    if (resp.status() === 200) ok(`${label}: 200`); else fail(`${label}: 200`, String(resp.status()));
    const w = await sx.page.evaluate(() => document.documentElement.scrollWidth);
    if (w <= 375) ok(`${label} at 375 px: no horizontal scrolling`);
    else fail(`${label} at 375 px: no horizontal scrolling`, `the page is ${w} px wide`);
    await audit(sx, `${label} (375 px)`, null);
  };
  try {
    for (const p of list) await check(site + p, `public site ${p}`);
    // the Probity server's own pages for someone not signed in
    for (const p of ['/login', '/accessibility', '/privacy', '/feedback', '/report', '/report/reply'])
      await check(demoBase + p, `not signed in ${p}`);
  } finally {
    await sx.ctx.close();
    srv.close();
  }
}
