// The counter-corruption intelligence flow in a real browser, as issue 18's
// "done when" describes it: an anonymous report answered through its
// receipt, turned into a graded and categorised item, lines of enquiry (one
// an ICT audit check over the audit trail), an intervention, a closure
// proposed, returned once by a reviewing detective inspector, answered,
// proposed again and approved; then the quality sample shows 100% for it.
// Every page is checked by the caller's audit (axe + console errors).

// Fill the form whose action ends with `action`: values by field name (a
// date field NAME takes 'YYYY-MM-DD' into its day, month and year boxes),
// radios by {radio: value}, selects by {select: value}; then submit it and
// wait for the next page.
async function submit(page, action, fields) {
  const form = `form[action$="${action}"]`;
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  for (const [name, v] of Object.entries(fields)) {
    if (v && typeof v === 'object' && 'radio' in v) {
      await page.click(`${form} input[name="${name}"][value="${v.radio}"]`);
    } else if (v && typeof v === 'object' && 'select' in v) {
      await page.select(`${form} select[name="${name}"]`, v.select);
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(v) && await page.$(`${form} input[name="${name}-day"]`)) {
      const [y, m, d] = v.split('-');
      for (const [part, val] of [['day', d], ['month', m], ['year', y]]) {
        await page.$eval(`${form} input[name="${name}-${part}"]`, (el) => { el.value = ''; });
        await page.type(`${form} input[name="${name}-${part}"]`, String(Number(val)));
      }
    } else {
      await page.$eval(`${form} [name="${name}"]`, (el) => { el.value = ''; });
      await page.type(`${form} [name="${name}"]`, v);
    }
  }
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit], ${form} .govuk-button`)]);
}

export async function intelFlow({ base, session, audit, text, ok, fail, signIn }) {
  const has = async (page, label, want) => {
    const t = await text(page);
    if (t.includes(want)) ok(label); else fail(label, `page lacks "${want}": ${t.slice(0, 300)}`);
  };

  // 1. Someone reports anonymously: no sign-in.
  const anon = await session('anonymous');
  await anon.page.goto(base + '/report', { waitUntil: 'load' });
  await audit(anon, 'anonymous report form');
  await submit(anon.page, '/report/check', { text: 'A sergeant on response keeps looking up his ex-partner on PNC.' });
  await has(anon.page, 'the reporter checks the report before sending', 'Check your report before sending it');
  await audit(anon, 'anonymous report: check before sending', 'intel-report-check');
  await submit(anon.page, '/report', {});
  const receipt = await anon.page.$eval('.probity-receipt', (e) => e.textContent.trim()).catch(() => '');
  if (receipt.length >= 16) ok('the receipt is shown once'); else fail('the receipt is shown once', receipt);
  await audit(anon, 'report sent', 'intel-report-sent');

  // 2. The ACU reads it and asks a question.
  const acu = await session('sean');
  await signIn(acu, 'sean');
  await acu.page.goto(base + '/intel/reports', { waitUntil: 'load' });
  await audit(acu, 'anonymous reports queue');
  const reportHref = await acu.page.$eval('main table tbody a', (a) => a.getAttribute('href'));
  await acu.page.goto(base + reportHref, { waitUntil: 'load' });
  await submit(acu.page, '/messages', { text: 'Which station does he work from, and since when?' });
  await has(acu.page, 'the question is in the thread', 'Which station does he work from');
  await audit(acu, 'anonymous report with a question', 'intel-report-thread');

  // 3. The reporter comes back with the receipt and answers.
  await anon.page.goto(base + '/report/reply', { waitUntil: 'load' });
  await submit(anon.page, '/report/reply', { receipt });
  await has(anon.page, 'the reporter reads the question', 'Which station does he work from');
  await submit(anon.page, '/report/reply/send', { text: 'Northgate, since the spring.' });
  await has(anon.page, 'the answer is sent', 'Your answer has been sent');
  await audit(anon, 'the reporter\'s thread');

  // 4. The ACU turns the report into a graded, categorised item.
  await acu.page.goto(base + reportHref, { waitUntil: 'load' });
  await has(acu.page, 'the ACU reads the answer', 'Northgate, since the spring.');
  await Promise.all([acu.page.waitForNavigation(), acu.page.click('a[href^="/intel/items/new?report="]')]);
  await audit(acu, 'intake pre-filled from the report', 'intel-intake');
  await submit(acu.page, '/intel/items/check', {
    grading_scheme: { radio: '3x5x2' }, grade: { select: '2' }, grade_assessment: { select: 'B' },
    grade_handling: { select: 'C' }, category: { select: 'systems' }, subject_staff_numbers: '1002',
    sanitised: 'A supervisor is said to be checking a former partner on force systems.',
  });
  await has(acu.page, 'check your answers before recording the item', 'Check your answers before recording the intelligence');
  await audit(acu, 'intelligence: check your answers', 'intel-check-answers');
  await submit(acu.page, '/intel/items', {});
  await has(acu.page, 'confirmation panel with the reference', 'Your reference');
  const itemPath = new URL(acu.page.url()).pathname;
  if (/^\/intel\/items\/\d+$/.test(itemPath)) ok('item created from the report'); else fail('item created from the report', acu.page.url());
  await has(acu.page, 'graded and categorised', 'Misusing force systems');

  // 5. Lines of enquiry: one written, one an ICT audit check over the trail.
  await submit(acu.page, `${itemPath}/lines`, { description: 'Check his duty rota against the times of the reports.' });
  await has(acu.page, 'line added', 'Check his duty rota');
  await submit(acu.page, `${itemPath}/audit-check`, { mode: { radio: 'subject' }, target: 'P7654321',
    from: '2026-01-01', to: '2026-01-31' });
  await has(acu.page, 'ICT audit check kept with its result', '2 events found in the audit trail from 2026-01-01 to 2026-01-31.');
  const lineForm = await acu.page.$eval('form[action*="/lines/"]', (f) => new URL(f.action).pathname);
  await submit(acu.page, lineForm, { status: { radio: 'pursued' }, result: 'On duty at each time of the reports.' });
  await has(acu.page, 'line pursued with its result', 'On duty at each time of the reports.');

  // 6. An intervention.
  await submit(acu.page, `${itemPath}/interventions`, { kind: { select: 'ethical_interview' }, start_date: '2026-02-02' });
  await has(acu.page, 'intervention recorded', 'Ethical interview');
  await audit(acu, 'the item with lines and an intervention', 'intel-item');

  // 7. Closure proposed to a reviewer, returned once, answered, approved.
  await submit(acu.page, `${itemPath}/closure`, { outcome: 'Words of advice; PNC access restricted.', reviewer: { select: 'dina' } });
  await has(acu.page, 'awaiting review', 'Awaiting review');
  const di = await session('dina');
  await signIn(di, 'dina');
  await di.page.goto(base + itemPath, { waitUntil: 'load' });
  await audit(di, 'the reviewer\'s view', 'intel-review');
  await submit(di.page, `${itemPath}/review`, { decision: { radio: 'return' }, note: 'Was his access to PNC restricted?' });
  await acu.page.goto(base + itemPath, { waitUntil: 'load' });
  await has(acu.page, 'the return\'s questions reach the owner', 'Was his access to PNC restricted?');
  await submit(acu.page, `${itemPath}/reply`, { body: 'Yes, from 3 February.' });
  await submit(acu.page, `${itemPath}/closure`, { outcome: 'Words of advice; PNC access restricted from 3 February.', reviewer: { select: 'dina' } });
  await di.page.goto(base + itemPath, { waitUntil: 'load' });
  await submit(di.page, `${itemPath}/review`, { decision: { radio: 'approve' } });
  await has(di.page, 'approved and closed', 'Closed');

  // 8. The quality sample: 100% on every test for the item made in Probity.
  await acu.page.goto(base + '/intel/sample?from=2020-01-01&to=2099-12-31&n=60&seed=1', { waitUntil: 'load' });
  await has(acu.page, 'the sample draws the closed item', '1 of 1 closed items');
  const t = await text(acu.page);
  const fails = (t.match(/\d+ fail/g) || []).filter((s) => !s.startsWith('0 '));
  if (!fails.length && /1 of 1 \(100%\)/.test(t)) ok('quality sample: 100% on every test'); else fail('quality sample: 100% on every test', fails.join(', '));
  await audit(acu, 'quality sample', 'intel-sample');
}
