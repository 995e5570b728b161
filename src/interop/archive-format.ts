/**
 * The Parley archive: JSON Lines, one record per line, each with a "type". It opens with a header
 * (format, version, the exporting site's instance id) and closes with an "end" record counting every type,
 * so a cut-off file is noticed. Rows keep their database ids as archive ids and refer to each other by
 * them; an importer gives them new ids. Columns are listed here, and only these are read back: an archive
 * cannot set a password hash, a session or any column not named below.
 * Order: users, their account actions, settings, policies, publishers, authors, aliases, stories (with
 * their revisions), takedowns, comments (by id, so a parent comes before its replies, each with its
 * revisions, moderation log, votes, reports and appeal), and the keys of items imported from elsewhere.
 */

export const ARCHIVE_FORMAT = 'parley-archive';
export const ARCHIVE_VERSION = 1;

/** Copied as they are (no references). */
export const COLUMNS = {
  user: ['email', 'display_name', 'role', 'created_at', 'suspended_until', 'banned', 'sanction_reason', 'deleted_at', 'imported_from'],
  account_action: ['kind', 'until', 'reason', 'created_at'],
  setting: ['key', 'value'],
  policy: ['version', 'policy_json', 'created_at'],
  publisher: [
    'slug', 'name', 'site_url', 'feed_url', 'indexing', 'attribution', 'created_at', 'active', 'fetch_interval_minutes', 'embed_hosts',
    'licence', 'allow_host', 'etag', 'last_modified', 'last_success_at', 'last_error', 'next_run_at', 'items_added', 'items_updated',
    'removed_at', 'failures',
  ],
  author: ['slug', 'name', 'bio', 'created_at'],
  author_alias: ['name'],
  story: [
    'guid', 'slug', 'title', 'summary', 'body_html', 'original_url', 'image_url', 'video_json', 'categories_json', 'published_at',
    'updated_at', 'status', 'comment_count', 'comments_open', 'premoderated', 'slow_mode_minutes', 'created_at',
  ],
  story_revision: ['title', 'body_html', 'updated_at', 'recorded_at'],
  takedown: ['kind', 'reason', 'created_at'],
  comment: ['depth', 'body_md', 'body_html', 'status', 'score', 'upvotes', 'downvotes', 'revision', 'created_at', 'edited_at', 'deleted_at', 'flags'],
  comment_revision: ['revision', 'body_md', 'body_html', 'decision_json', 'created_at'],
  moderation_log: ['revision', 'action', 'actor', 'reason_codes', 'detail_json', 'policy_version', 'created_at'],
  vote: ['value', 'created_at'],
  report: ['reason', 'text', 'created_at', 'resolution', 'resolved_at'],
  appeal: ['revision', 'text', 'status', 'created_at', 'decided_at', 'outcome'],
  import_key: ['key', 'kind', 'pending_parent'],
} as const;

/** References to other records, by the archive id of a record of the named type. */
export const REFS = {
  user: {},
  account_action: { user_id: 'user', actor_id: 'user' },
  setting: {},
  policy: { created_by: 'user' },
  publisher: {},
  author: { publisher_id: 'publisher' },
  author_alias: { publisher_id: 'publisher', author_id: 'author' },
  story: { publisher_id: 'publisher', author_id: 'author' },
  story_revision: {},
  takedown: { publisher_id: 'publisher', story_id: 'story', actor_id: 'user' },
  comment: { story_id: 'story', user_id: 'user', parent_id: 'comment', root_id: 'comment' },
  comment_revision: {},
  moderation_log: { actor_id: 'user' },
  vote: { user_id: 'user' },
  report: { user_id: 'user', resolved_by: 'user' },
  appeal: { user_id: 'user', decided_by: 'user' },
  import_key: {},
} as const satisfies Record<keyof typeof COLUMNS, Record<string, string>>;

/** Record types that stand on their own line (the rest ride inside a story or a comment). */
export const TOP_LEVEL = ['user', 'account_action', 'setting', 'policy', 'publisher', 'author', 'author_alias', 'story', 'takedown', 'comment', 'import_key'] as const;
export type TopLevelType = (typeof TOP_LEVEL)[number];

/** What rides inside a story or comment record, under these fields. */
export const NESTED = {
  story: { revisions: 'story_revision' },
  comment: { revisions: 'comment_revision', log: 'moderation_log', votes: 'vote', reports: 'report', appeals: 'appeal' },
} as const;

export type Row = Record<string, string | number | null>;
export type ArchiveRecord = { type: string; id?: number } & Record<string, unknown>;

/** Settings that belong to one database and never travel in an archive. */
export const LOCAL_SETTINGS = ['instance_id'];
