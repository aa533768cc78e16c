// Times console pages in Chromium: from navigation to the page's network going quiet.
const { chromium } = require('playwright-core');
const base = process.argv[2] || 'http://127.0.0.1:18088';
const repeats = Number(process.argv[3] || 5);
const pages = [
  ['overview', '/'], ['queues', '/queues'], ['queue_ready', '/queues/queue-3?state=ready'],
  ['queue_failed', '/queues/queue-3?state=failed'], ['queue_finished', '/queues/queue-3?state=finished'],
  ['jobs_all', '/jobs'], ['jobs_argument', '/jobs?q=customer-4242'],
  ['jobs_exception', '/jobs?error=java.io.UncheckedIOException'], ['jobs_task', '/jobs?task=bench.task-11'],
  ['failed_groups', '/failed'], ['job', '/jobs/00000000-0000-7000-8001-000000004242'],
  ['recurring', '/recurring'], ['semaphores', '/semaphores'], ['processes', '/processes'], ['audit', '/audit'],
];
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage();
  await page.goto(base + '/login', { waitUntil: 'networkidle' });
  const t0 = Date.now();
  await page.fill('input[name="username"]', 'admin');
  await page.fill('input[name="password"]', 'admin');
  await page.keyboard.press('Enter');
  await page.waitForURL(u => !u.toString().includes('/login'), { timeout: 60000 });
  await page.waitForLoadState('networkidle');
  console.log('first sign-in ' + (Date.now() - t0) + ' ms');
  for (const [name, path] of pages) {
    const times = [];
    for (let i = 0; i <= repeats; i++) {
      const start = Date.now();
      await page.goto(base + path, { waitUntil: 'networkidle', timeout: 60000 });
      if (i > 0) times.push(Date.now() - start); // the first is untimed
    }
    times.sort((a, b) => a - b);
    console.log(`${name} median ${times[Math.floor(times.length / 2)]} ms, max ${times[times.length - 1]} ms`);
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
