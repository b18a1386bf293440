// The notes page: the newest notes with "more" paging, a form to post, a note with its replies and a
// reply form. The API's base URL comes from config.json beside the page, so the same files deploy
// anywhere. Text is only ever set as text (textContent), never parsed as HTML.
import { ApiProblem, NotesApi } from './api.js';

const NOTES_PER_PAGE = 10;
const REPLIES_PER_PAGE = 10;

const element = (id) => document.getElementById(id);

/** The listing on screen: the cursor of its next page and the ids shown (a note posted here is not shown twice). */
const feed = { cursor: null, ids: new Set() };
const thread = { noteId: null, cursor: null, ids: new Set() };
let api = null;

window.addEventListener('error', (event) => showProblem(element('problem'), problemOf(event.error ?? event.message)));
window.addEventListener('unhandledrejection', (event) => showProblem(element('problem'), problemOf(event.reason)));

start();

async function start() {
  try {
    api = new NotesApi(await apiBaseUrl());
  } catch (error) {
    setStatus('');
    showProblem(element('problem'), problemOf(error));
    return;
  }
  element('post-form').addEventListener('submit', postNote);
  element('reply-form').addEventListener('submit', postReply);
  element('more-notes').addEventListener('click', () => loadNotes(true));
  element('more-replies').addEventListener('click', () => loadReplies(true));
  window.addEventListener('hashchange', route);
  route();
}

async function apiBaseUrl() {
  let response;
  try {
    response = await fetch('config.json', { cache: 'no-cache' });
  } catch {
    throw new Error('The page could not read its config.json.');
  }
  const expected = 'config.json must be {"apiBaseUrl": "https://..."}, the notes API\'s base URL';
  if (!response.ok) {
    throw new Error(`The page's config.json could not be read (HTTP ${response.status}): ${expected}.`);
  }
  let config;
  try {
    config = await response.json();
  } catch {
    throw new Error(`The page's config.json is not JSON: ${expected}.`);
  }
  const url = config?.apiBaseUrl;
  if (typeof url !== 'string' || !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(url)) {
    throw new Error(`The page's config.json has no usable apiBaseUrl: ${expected}.`);
  }
  return url;
}

/** #/ is the newest notes, #/notes/{id} one note with its replies. */
function route() {
  hideProblem(element('problem'));
  const match = /^#\/notes\/([^/]+)$/.exec(window.location.hash);
  if (match) {
    showView('note-view');
    thread.noteId = decodeURIComponent(match[1]);
    loadReplies(false);
  } else {
    showView('feed-view');
    loadNotes(false);
  }
}

function showView(id) {
  for (const view of ['feed-view', 'note-view']) {
    element(view).hidden = view !== id;
  }
}

async function loadNotes(more) {
  const list = element('notes');
  const button = element('more-notes');
  if (!more) {
    list.replaceChildren();
    feed.cursor = null;
    feed.ids.clear();
    button.hidden = true;
    element('notes-empty').hidden = true;
    element('feed-heading').focus();
  }
  setStatus(more ? 'Loading more notes…' : 'Loading the notes…');
  await loading(button, async () => {
    const page = await api.listNotes(NOTES_PER_PAGE, more ? feed.cursor : null);
    const added = page.notes.filter((note) => !feed.ids.has(note.id)).map((note) => {
      feed.ids.add(note.id);
      return list.appendChild(item(note, true));
    });
    feed.cursor = page.nextCursor;
    button.hidden = feed.cursor === null;
    element('notes-empty').hidden = feed.ids.size > 0;
    setStatus(`Showing ${feed.ids.size} ${feed.ids.size === 1 ? 'note' : 'notes'}${feed.cursor === null ? '' : '; more below'}.`);
    if (more && added.length > 0) {
      added[0].querySelector('a').focus();
    }
  });
}

async function loadReplies(more) {
  const list = element('replies');
  const button = element('more-replies');
  const noteId = thread.noteId;
  if (!more) {
    element('note').replaceChildren();
    list.replaceChildren();
    thread.cursor = null;
    thread.ids.clear();
    button.hidden = true;
    element('replies-empty').hidden = true;
    element('reply-form').hidden = true;
    element('note-heading').focus();
  }
  setStatus(more ? 'Loading more replies…' : 'Loading the note…');
  await loading(button, async () => {
    const page = await api.readNote(noteId, REPLIES_PER_PAGE, more ? thread.cursor : null);
    if (noteId !== thread.noteId) {
      return; // the reader moved on to another note meanwhile
    }
    if (!more) {
      element('note').replaceChildren(...item(page.note, false).childNodes);
      element('note').dataset.id = page.note.id;
      element('reply-form').hidden = false;
    }
    for (const reply of page.replies) {
      if (!thread.ids.has(reply.id)) {
        thread.ids.add(reply.id);
        list.appendChild(item(reply, false));
      }
    }
    thread.cursor = page.nextCursor;
    button.hidden = thread.cursor === null;
    element('replies-empty').hidden = thread.ids.size > 0;
    setStatus(`${thread.ids.size} ${thread.ids.size === 1 ? 'reply' : 'replies'} shown${thread.cursor === null ? '' : '; more below'}.`);
  });
}

/** Runs one load with its "more" button disabled; a failure is shown at the top of the page. */
async function loading(button, load) {
  button.disabled = true;
  try {
    await load();
  } catch (error) {
    setStatus('');
    showProblem(element('problem'), problemOf(error));
  } finally {
    button.disabled = false;
  }
}

async function postNote(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submit(form, element('post-problem'), async (text, author) => {
    const note = await api.postNote(text, author);
    if (!feed.ids.has(note.id)) {
      feed.ids.add(note.id);
      element('notes').prepend(item(note, true));
    }
    element('notes-empty').hidden = true;
    setStatus('Your note was posted: it is at the top.');
  });
}

async function postReply(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submit(form, element('reply-problem'), async (text, author) => {
    const reply = await api.postReply(thread.noteId, text, author);
    if (!thread.ids.has(reply.id)) {
      thread.ids.add(reply.id);
      element('replies').appendChild(item(reply, false));
    }
    element('replies-empty').hidden = true;
    setStatus('Your reply was posted.');
  });
}

/** Sends the form's text and author; on success clears it, on a refusal shows why and keeps what was typed. */
async function submit(form, problem, send) {
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  hideProblem(problem);
  try {
    await send(form.elements.text.value, form.elements.author.value);
    form.reset();
    form.elements.text.focus();
  } catch (error) {
    showProblem(problem, problemOf(error));
    form.elements.text.focus();
  } finally {
    button.disabled = false;
  }
}

/** A note or reply: its text exactly, author and time; notes in the feed link to their replies. */
function item(entry, linked) {
  const li = document.createElement('li');
  li.dataset.id = entry.id;
  const text = document.createElement('p');
  text.className = 'text';
  text.textContent = entry.text;
  const meta = document.createElement('p');
  meta.className = 'meta';
  const author = document.createElement('span');
  author.className = 'author';
  author.textContent = entry.author ?? 'anonymous';
  const time = document.createElement('time');
  time.dateTime = entry.createdAt;
  time.textContent = new Date(entry.createdAt).toLocaleString();
  meta.append(author, ' · ', time);
  if (linked) {
    const link = document.createElement('a');
    link.href = '#/notes/' + encodeURIComponent(entry.id);
    link.textContent = 'Replies';
    meta.append(' · ', link);
  }
  li.append(text, meta);
  return li;
}

function problemOf(error) {
  if (error instanceof ApiProblem) {
    return error;
  }
  return new ApiProblem(error instanceof Error ? error.message : `Something went wrong on this page: ${error}`);
}

/** Shows the message as given; the status, code and request id beside it, for a report. */
function showProblem(box, problem) {
  const message = document.createElement('p');
  message.className = 'problem-message';
  message.textContent = problem.message;
  const details = [
    problem.status === null ? null : `HTTP ${problem.status}`,
    problem.code,
    problem.requestId === null ? null : `request id ${problem.requestId}`,
  ].filter((part) => part !== null);
  box.replaceChildren(message);
  if (details.length > 0) {
    const detail = document.createElement('p');
    detail.className = 'problem-detail';
    detail.textContent = details.join(' · ');
    box.append(detail);
  }
  box.hidden = false;
}

function hideProblem(box) {
  box.hidden = true;
  box.replaceChildren();
}

function setStatus(text) {
  element('status').textContent = text;
}
