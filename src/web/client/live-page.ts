/**
 * Live updates for a logged-out reader's story page, whose discussion is server-rendered markup with
 * no island: scores, edits and removals are applied where the comment is; new comments wait behind
 * a "N new comments — show" bar, which fetches the page again (a cached page, for logged-out
 * readers) and swaps in its discussion, so nothing moves under the reader until they ask.
 */
import { DELAYED_NOTICE, newCommentsLabel } from '../live-update.ts';
import { connectLive, type Frame } from './live.ts';

const root = document.getElementById('discussion-root');
const storyId = Number(root?.dataset.storyId);
const after = Number(root?.dataset.liveAfter);

if (root && storyId > 0 && Number.isFinite(after)) {
  const pending = new Set<number>();
  const bar = document.createElement('div');
  bar.className = 'live-bar';
  bar.setAttribute('role', 'status');
  const notice = document.createElement('p');
  notice.className = 'live-delayed';
  notice.textContent = DELAYED_NOTICE;
  notice.hidden = true;
  const button = document.createElement('button');
  button.type = 'button';
  button.hidden = true;
  bar.append(notice, button);
  root.after(bar);

  const showBar = () => {
    button.hidden = pending.size === 0;
    button.textContent = newCommentsLabel(pending.size);
  };
  const article = (id: number) => document.querySelector<HTMLElement>(`#c${id} > article`);

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const res = await fetch(location.pathname + location.search, { headers: { accept: 'text/html' } });
      const page = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = page.querySelector('#discussion-root .discussion');
      const current = root.querySelector('.discussion');
      if (res.ok && fresh && current) {
        current.replaceWith(document.importNode(fresh, true));
        pending.clear();
      }
    } finally {
      button.disabled = false;
      showBar();
    }
  });

  const apply = (frame: Frame) => {
    if (frame.kind === 'status') {
      notice.hidden = !frame.delayed;
      return;
    }
    if (frame.kind === 'reload') {
      pending.add(-1);
    } else if (frame.kind === 'comment') {
      const el = article(frame.comment.id);
      if (!el) pending.add(frame.comment.id);
      else {
        const body = el.querySelector('.body');
        if (body) body.innerHTML = frame.comment.bodyHtml;
        setScore(el, frame.comment.score);
        const header = el.querySelector('header');
        if (frame.comment.edited && header && !header.querySelector('.edited')) {
          const mark = document.createElement('span');
          mark.className = 'edited';
          mark.textContent = ' · edited';
          header.querySelector('.permalink')?.after(mark);
        }
      }
    } else if (frame.kind === 'score') {
      const el = article(frame.commentId);
      if (el) setScore(el, frame.score);
    } else {
      pending.delete(frame.commentId);
      const el = article(frame.commentId);
      if (el && frame.deleted) {
        el.setAttribute('aria-label', 'Deleted comment');
        el.innerHTML = '<p class="placeholder">This comment was deleted.</p>';
      } else if (el) el.parentElement?.remove();
    }
    showBar();
  };
  connectLive(storyId, after, apply);
}

function setScore(el: HTMLElement, score: number) {
  const node = el.querySelector('.score');
  if (!node) return;
  node.textContent = String(score);
  node.setAttribute('aria-label', `Score ${score}`);
}
