/**
 * Story bodies are sanitised with an allowlist before they are stored: text structure, links,
 * figures and images (lazy-loaded); no scripts, styles, frames, forms, <base> or event handlers.
 * Ingested bodies also lose tracking: 1×1 pixels, images from known tracker hosts, and utm_*, fbclid,
 * gclid, mc_* parameters on links and images. Relative URLs are resolved against the given base first.
 */
import sanitizeHtml from 'sanitize-html';

/** Hosts that serve only tracking beacons (a short, well-known list; more belong in config later). */
const TRACKER_HOSTS = [
  'feeds.feedburner.com', 'feedproxy.google.com', 'pixel.wp.com', 'stats.wordpress.com', 'www.google-analytics.com',
  'google-analytics.com', 'pixel.quantserve.com', 'sb.scorecardresearch.com', 'b.scorecardresearch.com',
  'www.facebook.com', 'pixel.facebook.com', 'ad.doubleclick.net', 'stats.g.doubleclick.net', 'pubads.g.doubleclick.net',
  'pixel.mathtag.com', 'track.hubspot.com', 'ct.pinterest.com', 'analytics.twitter.com', 'px.ads.linkedin.com',
];
const TRACKING_PARAM = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|mc_[a-z]+|_hsenc|_hsmi|igshid|yclid)$/i;

export interface SanitizeOptions {
  /** Base for relative href/src (the item's xml:base or link). Without it, relative URLs are dropped. */
  baseUrl?: string;
}

/** Absolute, tracker-free URL, or '' when it cannot be made absolute. */
export function cleanUrl(raw: string, base?: string): string {
  let url: URL;
  try {
    url = base ? new URL(raw.trim(), base) : new URL(raw.trim());
  } catch {
    return '';
  }
  if (url.protocol === 'mailto:') return url.href;
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAM.test(key)) url.searchParams.delete(key);
  return url.href;
}

function isTrackerImage(attribs: Record<string, string>): boolean {
  const tiny = (v: string | undefined) => v !== undefined && /^\s*[01](px)?\s*$/.test(v);
  if (tiny(attribs.width) && tiny(attribs.height)) return true;
  try {
    const host = new URL(attribs.src ?? '').hostname.toLowerCase();
    return TRACKER_HOSTS.some((t) => host === t || host.endsWith(`.${t}`));
  } catch {
    return false;
  }
}

function optionsFor(baseUrl: string | undefined): sanitizeHtml.IOptions {
  return {
    allowedTags: [
      'p', 'br', 'h2', 'h3', 'h4', 'blockquote', 'ul', 'ol', 'li', 'em', 'strong', 'b', 'i', 'a', 'small',
      'figure', 'figcaption', 'img', 'code', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'cite', 'q', 'sub', 'sup',
    ],
    allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'width', 'height', 'loading'], th: ['scope'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href === undefined ? undefined : cleanUrl(attribs.href, baseUrl);
        return { tagName, attribs: { ...(href ? { href } : {}), ...(attribs.title ? { title: attribs.title } : {}), rel: 'noopener noreferrer' } };
      },
      img: (tagName, attribs): { tagName: string; attribs: Record<string, string> } => {
        if (isTrackerImage({ ...attribs, src: attribs.src ? cleanUrl(attribs.src, baseUrl) : '' })) return { tagName: 'img', attribs: { 'data-tracker': '1' } };
        const src = attribs.src ? cleanUrl(attribs.src, baseUrl) : '';
        return { tagName, attribs: { ...attribs, ...(src ? { src } : { src: '' }), loading: 'lazy' } };
      },
    },
    // Trackers and images whose src did not survive leave no empty <img> behind.
    exclusiveFilter: (frame) => frame.tag === 'img' && (!frame.attribs.src || frame.attribs['data-tracker'] === '1'),
  };
}

const defaultOptions = optionsFor(undefined);

export function sanitizeStoryHtml(html: string, options: SanitizeOptions = {}): string {
  return sanitizeHtml(html, options.baseUrl ? optionsFor(options.baseUrl) : defaultOptions);
}
