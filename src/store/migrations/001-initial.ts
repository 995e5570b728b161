/**
 * Migration 001: users and sessions, publishers, authors and stories, comments with their
 * revisions, votes and reports. One definition for both dialects; `id` picks the
 * auto-increment spelling of each.
 */
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database.ts';

export function migration001(dialect: Dialect) {
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<unknown>) {
      await id(db.schema.createTable('users'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('reader'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await id(db.schema.createTable('publishers'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('site_url', 'text', (c) => c.notNull())
        .addColumn('feed_url', 'text')
        .addColumn('indexing', 'text', (c) => c.notNull().defaultTo('canonical'))
        .addColumn('attribution', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('authors'))
        .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('authors_publisher_name', ['publisher_id', 'name'])
        .execute();

      await id(db.schema.createTable('stories'))
        .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
        .addColumn('author_id', 'integer', (c) => c.references('authors.id'))
        .addColumn('guid', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('original_url', 'text', (c) => c.notNull())
        .addColumn('image_url', 'text')
        .addColumn('video_json', 'text')
        .addColumn('categories_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
        .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('comments_open', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('stories_publisher_guid', ['publisher_id', 'guid'])
        .execute();
      await db.schema.createIndex('stories_latest').on('stories').columns(['status', 'published_at', 'id']).execute();
      await db.schema.createIndex('stories_author').on('stories').columns(['author_id', 'published_at']).execute();
      await db.schema.createIndex('stories_publisher').on('stories').columns(['publisher_id', 'published_at']).execute();

      await id(db.schema.createTable('comments'))
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
        .addColumn('root_id', 'integer', (c) => c.references('comments.id'))
        .addColumn('depth', 'integer', (c) => c.notNull())
        .addColumn('body_md', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('downvotes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('edited_at', 'text')
        .addColumn('deleted_at', 'text')
        .execute();
      // Top-level pages by id (newest/oldest) and by score (top); replies by root.
      await db.schema.createIndex('comments_top_id').on('comments').columns(['story_id', 'root_id', 'id']).execute();
      await db.schema.createIndex('comments_top_score').on('comments').columns(['story_id', 'root_id', 'score', 'id']).execute();
      await db.schema.createIndex('comments_replies').on('comments').columns(['root_id', 'id']).execute();
      await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'id']).execute();

      await id(db.schema.createTable('comment_revisions'))
        .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('body_md', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('decision_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('comment_revisions_unique', ['comment_id', 'revision'])
        .execute();

      await db.schema
        .createTable('votes')
        .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('votes_pk', ['comment_id', 'user_id'])
        .execute();

      await id(db.schema.createTable('reports'))
        .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('reports_once', ['comment_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      void sql;
    },
  };
}
