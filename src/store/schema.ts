/**
 * The database's tables as Kysely types, shared by SQLite and PostgreSQL.
 * Timestamps are ISO 8601 UTC strings and flags are 0/1 integers on both backends,
 * so rows read the same whichever database is behind them.
 */
import type { ColumnType, Generated } from 'kysely';

type Id = Generated<number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface UsersTable {
  id: Id;
  email: string;
  display_name: string;
  password_hash: string;
  role: Defaulted<string>;
  created_at: string;
  suspended_until: string | null;
  banned: Defaulted<number>;
  sanction_reason: string | null;
  deleted_at: string | null;
  /** Set on an author brought in by an import ('disqus', 'wordpress', 'parley'): no password, cannot log in. */
  imported_from: Defaulted<string | null>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface PublishersTable {
  id: Id;
  slug: string;
  name: string;
  site_url: string;
  feed_url: string | null;
  indexing: Defaulted<string>;
  attribution: string | null;
  created_at: string;
  active: Defaulted<number>;
  fetch_interval_minutes: Defaulted<number>;
  /** Comma-separated hosts whose videos may be embedded. */
  embed_hosts: Defaulted<string>;
  licence: string | null;
  /** An admin allowlisted the feed's host: no address check (e.g. a feed on the same network). */
  allow_host: Defaulted<number>;
  etag: string | null;
  last_modified: string | null;
  last_success_at: string | null;
  last_error: string | null;
  next_run_at: string | null;
  items_added: Defaulted<number>;
  items_updated: Defaulted<number>;
  removed_at: string | null;
  failures: Defaulted<number>;
  /** 0 for a registered site's own publisher: its pages' stories stay off listings, feeds and sitemaps. */
  listed: Defaulted<number>;
}

export interface AuthorsTable {
  id: Id;
  publisher_id: number;
  slug: string;
  name: string;
  bio: string;
  created_at: string;
}

export interface StoriesTable {
  id: Id;
  publisher_id: number;
  author_id: number | null;
  guid: string;
  slug: string;
  title: string;
  summary: string;
  body_html: string;
  original_url: string;
  image_url: string | null;
  video_json: string | null;
  categories_json: Defaulted<string>;
  published_at: string;
  updated_at: string;
  status: Defaulted<string>;
  comment_count: Defaulted<number>;
  comments_open: Defaulted<number>;
  premoderated: Defaulted<number>;
  slow_mode_minutes: Defaulted<number>;
  created_at: string;
}

export interface CommentsTable {
  id: Id;
  story_id: number;
  user_id: number;
  parent_id: number | null;
  root_id: number | null;
  depth: number;
  body_md: string;
  /** Digest of body_md for the duplicate check (migration 015); null for deleted and old imported comments. */
  body_hash: ColumnType<string | null, string | null | undefined, string | null>;
  body_html: string;
  status: string;
  score: Defaulted<number>;
  upvotes: Defaulted<number>;
  downvotes: Defaulted<number>;
  revision: Defaulted<number>;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  flags: Defaulted<string>;
}

export interface CommentRevisionsTable {
  id: Id;
  comment_id: number;
  revision: number;
  body_md: string;
  body_html: string;
  decision_json: string;
  created_at: string;
}

export interface VotesTable {
  comment_id: number;
  user_id: number;
  value: number;
  created_at: string;
}

export interface ReportsTable {
  id: Id;
  comment_id: number;
  user_id: number;
  reason: string;
  text: string | null;
  created_at: string;
  resolution: string | null;
  resolved_at: string | null;
  resolved_by: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface PoliciesTable {
  version: number;
  policy_json: string;
  created_at: string;
  created_by: number | null;
}

export interface ModerationLogTable {
  id: Id;
  comment_id: number;
  revision: number;
  action: string;
  /** 'pipeline', 'community' or 'moderator'. */
  actor: string;
  actor_id: number | null;
  /** Comma-separated categories or reason codes. */
  reason_codes: string;
  detail_json: string;
  policy_version: number | null;
  created_at: string;
}

export interface AppealsTable {
  id: Id;
  comment_id: number;
  user_id: number;
  revision: number;
  text: string;
  status: Defaulted<string>;
  created_at: string;
  decided_at: string | null;
  decided_by: number | null;
  outcome: string | null;
}

export interface AccountActionsTable {
  id: Id;
  user_id: number;
  /** 'suspend', 'ban' or 'lift'. */
  kind: string;
  until: string | null;
  reason: string;
  actor_id: number | null;
  created_at: string;
}

export interface StoryRevisionsTable {
  id: Id;
  story_id: number;
  title: string;
  body_html: string;
  updated_at: string;
  recorded_at: string;
}

export interface TakedownsTable {
  id: Id;
  publisher_id: number;
  story_id: number | null;
  /** 'unpublish-story', 'pause-partner' or 'remove-partner'. */
  kind: string;
  reason: string;
  actor_id: number | null;
  created_at: string;
}

export interface AuthorAliasesTable {
  publisher_id: number;
  name: string;
  author_id: number;
}

/** The live event log: one row per visible change on a story, its id the event's sequence number. */
export interface LiveEventsTable {
  id: Generated<number>;
  story_id: number;
  type: string;
  comment_id: number;
  created_at: string;
}

export interface ImportRunsTable {
  id: Id;
  /** 'disqus', 'wordpress' or 'parley'. */
  source: string;
  file_name: string;
  started_at: string;
  /** Null while running, or when the run stopped before its end. */
  finished_at: string | null;
  summary_json: string | null;
}

export interface ImportKeysTable {
  /** The item's key in its source, e.g. "disqus:post:123". */
  key: string;
  /** 'story', 'comment', 'user', … : the table target_id points into. */
  kind: string;
  target_id: number;
  run_id: number;
  /** A reply stored before its parent: the parent's key, until the parent is imported. */
  pending_parent: string | null;
}

/** A site that embeds discussions: its public id is the slug in `data-site`. */
export interface SitesTable {
  id: string;
  name: string;
  /** JSON array of origins ("https://blog.example") that may frame the thread. */
  origins_json: string;
  publisher_id: number;
  /** Shared secret for HMAC payloads and HS256 tokens; null: neither is accepted. */
  sso_secret: string | null;
  /** SPKI PEM of the RSA key that signs RS256 tokens; null: RS256 is not accepted. */
  sso_public_key: string | null;
  sso_issuer: string | null;
  sso_audience: string | null;
  /** The host's own login page, where the embed sends a reader who is not signed in. */
  login_url: string | null;
  created_at: string;
}

export interface SsoIdentitiesTable {
  site_id: string;
  external_id: string;
  user_id: number;
  created_at: string;
  last_login_at: string;
}

export interface SsoUsedTokensTable {
  site_id: string;
  /** The token's jti, or a hash of its signature. */
  token_id: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  /** A digest of the link's secret. */
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DB {
  password_resets: PasswordResetsTable;
  sites: SitesTable;
  sso_identities: SsoIdentitiesTable;
  sso_used_tokens: SsoUsedTokensTable;
  import_runs: ImportRunsTable;
  import_keys: ImportKeysTable;
  live_events: LiveEventsTable;
  author_aliases: AuthorAliasesTable;
  story_revisions: StoryRevisionsTable;
  takedowns: TakedownsTable;
  account_actions: AccountActionsTable;
  policies: PoliciesTable;
  moderation_log: ModerationLogTable;
  appeals: AppealsTable;
  users: UsersTable;
  sessions: SessionsTable;
  publishers: PublishersTable;
  authors: AuthorsTable;
  stories: StoriesTable;
  comments: CommentsTable;
  comment_revisions: CommentRevisionsTable;
  votes: VotesTable;
  reports: ReportsTable;
  settings: SettingsTable;
}
