// One case of the notes page in the system's headless Chromium, driven by playwright-core.
//   node page-test.mjs <input.json>
// The input names the case, the page's URL and the case's data; the script does what a person
// would (keyboard where it matters), and prints one JSON object: what the page showed, what the
// browser logged. NotesPageIT (Java) judges it against the API and the tables. Any step that does
// not happen in time fails the run (exit 1, the reason on stderr).
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STEP_MS = 15000;
const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const cases = {
  // Post a note with the keyboard only; it is at the top at once and after a reload.
  async post(page, shot) {
    await openFeed(page, input.page);
    await page.getByLabel('New note').focus();
    await page.keyboard.type(input.text);
    await page.keyboard.press('Tab');
    await page.keyboard.type(input.author);
    await page.keyboard.press('Enter'); // submits the form from its last field
    await waitForTopText(page, input.text);
    const status = await page.locator('#status').textContent();
    const focused = await page.evaluate(() => document.activeElement?.id ?? null);
    await shot('feed-after-post');
    const top = await entries(page, '#notes');
    await openFeed(page, input.page, true);
    return { top: top[0], status, focused, topAfterReload: (await entries(page, '#notes'))[0] };
  },

  // Every note, a page at a time, by pressing "More notes" (with the keyboard) until it is gone.
  async paging(page, shot) {
    await openFeed(page, input.page);
    const firstPage = (await entries(page, '#notes')).length;
    let presses = 0;
    const more = page.locator('#more-notes');
    while (await more.isVisible()) {
      const before = await page.locator('#notes > li').count();
      await more.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('#notes > li').length > n, before, { timeout: STEP_MS });
      await page.waitForFunction(() => !document.getElementById('more-notes').disabled, null, { timeout: STEP_MS });
      presses++;
    }
    await shot('feed-all-pages', true);
    return { firstPage, presses, ids: (await entries(page, '#notes')).map((e) => e.id) };
  },

  // Open a note from the feed (Enter on its link), page through its replies, reply, see the reply.
  async thread(page, shot) {
    await openFeed(page, input.page);
    await page.locator(`#notes > li[data-id="${input.noteId}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`#note[data-id="${input.noteId}"]`).waitFor({ timeout: STEP_MS });
    await waitForStatus(page, /repl(y|ies) shown/);
    const firstPage = await page.locator('#replies > li').count();
    while (await page.locator('#more-replies').isVisible()) {
      const before = await page.locator('#replies > li').count();
      await page.locator('#more-replies').click();
      await page.waitForFunction((n) => document.querySelectorAll('#replies > li').length > n, before, { timeout: STEP_MS });
    }
    await page.getByLabel('Your reply').fill(input.reply);
    await page.locator('#reply-form').getByLabel('Author (optional)').fill(input.author);
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.waitForFunction((text) => {
      const texts = [...document.querySelectorAll('#replies > li .text')].map((e) => e.textContent);
      return texts[texts.length - 1] === text;
    }, input.reply, { timeout: STEP_MS });
    await shot('note-with-replies', true);
    const shown = { hash: new URL(page.url()).hash, note: await entry(page.locator('#note')), firstPage,
      replies: await entries(page, '#replies') };
    await page.reload();
    await page.locator(`#note[data-id="${input.noteId}"]`).waitFor({ timeout: STEP_MS });
    await waitForStatus(page, /repl(y|ies) shown/);
    while (await page.locator('#more-replies').isVisible()) {
      const before = await page.locator('#replies > li').count();
      await page.locator('#more-replies').click();
      await page.waitForFunction((n) => document.querySelectorAll('#replies > li').length > n, before, { timeout: STEP_MS });
    }
    return { ...shown, repliesAfterReload: await entries(page, '#replies') };
  },

  // Requests the API refuses: its message shown as it words it, and what was typed kept.
  async refused(page, shot) {
    await openFeed(page, input.page);
    await page.getByRole('button', { name: 'Post note' }).click();
    const empty = await problem(page, '#post-problem');
    await shot('refused-empty-text');
    await page.getByLabel('New note').fill(input.tooLarge);
    await page.getByRole('button', { name: 'Post note' }).click();
    await page.waitForFunction((m) => document.querySelector('#post-problem .problem-message')?.textContent !== m,
      empty.message, { timeout: STEP_MS });
    const tooLarge = await problem(page, '#post-problem');
    const kept = (await page.getByLabel('New note').inputValue()) === input.tooLarge;
    await page.goto(input.page + '#/notes/' + input.missingId);
    const missing = await problem(page, '#problem');
    await shot('note-not-found');
    return { empty, tooLarge, kept, missing, notesShown: await page.locator('#notes > li').count() };
  },

  // Texts in many scripts, emoji and spaces posted through the form, read back from the page.
  async unicode(page, shot) {
    await openFeed(page, input.page);
    for (const post of input.posts) {
      await page.getByLabel('New note').fill(post.text);
      await page.locator('#post-form').getByLabel('Author (optional)').fill(post.author ?? '');
      await page.getByRole('button', { name: 'Post note' }).click();
      await waitForTopText(page, post.text);
    }
    await shot('feed-unicode', true);
    const shown = await entries(page, '#notes');
    await openFeed(page, input.page, true);
    return { shown, afterReload: await entries(page, '#notes') };
  },

  // The same page from an origin the API does not allow: the browser withholds the answers, the page says so.
  async blocked(page, shot) {
    await page.goto(input.page);
    const list = await problem(page, '#problem');
    await page.getByLabel('New note').fill(input.text);
    await page.getByRole('button', { name: 'Post note' }).click();
    const post = await problem(page, '#post-problem');
    await shot('blocked-origin', true);
    return { list, post, origin: await page.evaluate(() => window.location.origin) };
  },
};

async function openFeed(page, url, reload = false) {
  if (reload) {
    await page.reload();
  } else {
    await page.goto(url);
  }
  await waitForStatus(page, /^Showing \d+ notes?/);
}

async function waitForStatus(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('status').textContent),
    pattern.source, { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`status never matched ${pattern}: it says '${await page.locator('#status').textContent()}',`
      + ` problem '${await page.locator('#problem').textContent()}' (${e.message})`);
  });
}

async function waitForTopText(page, text) {
  await page.waitForFunction((t) => document.querySelector('#notes > li .text')?.textContent === t, text, { timeout: STEP_MS })
    .catch(async (e) => {
      throw new Error(`the note never showed at the top; post problem '${await page.locator('#post-problem').textContent()}' (${e.message})`);
    });
}

async function problem(page, selector) {
  await page.locator(`${selector} .problem-message`).waitFor({ timeout: STEP_MS });
  return {
    message: await page.locator(`${selector} .problem-message`).textContent(),
    detail: await page.locator(`${selector} .problem-detail`).textContent({ timeout: 500 }).catch(() => null),
    role: await page.locator(selector).getAttribute('role'),
  };
}

async function entries(page, listSelector) {
  const items = page.locator(`${listSelector} > li`);
  const result = [];
  for (let i = 0; i < await items.count(); i++) {
    result.push(await entry(items.nth(i)));
  }
  return result;
}

async function entry(locator) {
  return {
    id: await locator.getAttribute('data-id'),
    text: await locator.locator('.text').textContent(),
    author: await locator.locator('.author').textContent(),
  };
}

const userDataDir = mkdtempSync(join(tmpdir(), 'notes-page-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: input.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 900, height: 900 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const consoleMessages = [];
  page.on('console', (message) => consoleMessages.push({ type: message.type(), text: message.text() }));
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  mkdirSync(input.screenshots, { recursive: true });
  const shots = [];
  const shot = async (name, fullPage = false) => {
    const path = join(input.screenshots, `${name}.png`);
    await page.screenshot({ path, fullPage });
    shots.push(path);
  };
  const observed = await cases[input.case](page, shot);
  process.stdout.write(JSON.stringify({ case: input.case, observed, console: consoleMessages, pageErrors, screenshots: shots,
    browser: context.browser()?.version() ?? null }));
} catch (error) {
  process.stderr.write(`case ${input.case} failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
