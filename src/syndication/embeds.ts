/**
 * Video embeds from allowlisted players only: YouTube (played from youtube-nocookie.com),
 * Vimeo, and plain MP4 files over https. Anything else yields null and is not embedded.
 */
import type { Video } from '../domain/story.ts';

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;

export function videoFromUrl(raw: string, credit: string): Video | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const parts = url.pathname.split('/').filter(Boolean);
  if (host === 'youtube.com' || host === 'm.youtube.com' || host === 'youtube-nocookie.com') {
    const id = url.searchParams.get('v') ?? (parts[0] === 'embed' || parts[0] === 'shorts' ? parts[1] : undefined);
    return id && YOUTUBE_ID.test(id) ? { kind: 'youtube', id, credit } : null;
  }
  if (host === 'youtu.be') return parts[0] && YOUTUBE_ID.test(parts[0]) ? { kind: 'youtube', id: parts[0], credit } : null;
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = parts.find((p) => VIMEO_ID.test(p));
    return id ? { kind: 'vimeo', id, credit } : null;
  }
  if (url.pathname.toLowerCase().endsWith('.mp4')) return { kind: 'mp4', url: url.href, credit };
  return null;
}
