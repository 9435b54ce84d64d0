/* migrations.c: the PostgreSQL schema, as numbered migrations, and the
 * code that applies them.
 *
 * Invariants: numbered together with the SQLite backend's migrations
 * (sqlite/migrations.c): migration N here leaves a schema equivalent to
 * migration N there (the same tables, columns, keys and checks, in each
 * engine's own types), and the unit test compares the two.  A shipped
 * migration is never edited.  The version is the one row of
 * rounds_schema; each migration runs in its own transaction under an
 * advisory lock, so nodes that start together apply each step once.
 *
 * Conventions (as SQLite's): text NOT NULL DEFAULT ''; booleans are
 * BOOLEAN; times are Unix seconds in BIGINT; hashes are 32-byte BYTEA. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/log.h"
#include "../forum_seed.h"

/* A migration's texts, run in order in its one transaction: a long one is
 * cut where a text would pass the 4095 bytes a C17 compiler must accept. */
#define PARTS(...) ((const char *const[]){__VA_ARGS__, NULL})

const char *const *const pg_migrations[] = {
	/* 1: members, their tokens and sessions, rate limits, settings, audit. */
	PARTS("CREATE TABLE members (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n" /* never reused */
	"  email TEXT NOT NULL,\n"
	"  email_lower TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  handle TEXT NOT NULL,\n"
	"  type TEXT NOT NULL CHECK (type IN ('doctor', 'student', 'hcp')),\n"
	"  country TEXT NOT NULL DEFAULT '',\n"
	"  specialty TEXT NOT NULL DEFAULT '',\n"
	"  grade TEXT NOT NULL DEFAULT '',\n"
	"  bio TEXT NOT NULL DEFAULT '',\n"
	"  timezone TEXT NOT NULL DEFAULT '',\n"
	"  pw_hash TEXT NOT NULL DEFAULT '',\n"
	"  roles BIGINT NOT NULL DEFAULT 0 CHECK (roles >= 0),\n"
	"  confirmed BOOLEAN NOT NULL DEFAULT false,\n"
	"  verified BOOLEAN NOT NULL DEFAULT false,\n"
	"  suspended BOOLEAN NOT NULL DEFAULT false,\n"
	"  created_at BIGINT NOT NULL\n"
	");\n"
	/* SQLite's COLLATE NOCASE UNIQUE: handles are ASCII. */
	"CREATE UNIQUE INDEX members_handle ON members (lower(handle));\n"
	"CREATE TABLE tokens (\n"
	"  hash BYTEA PRIMARY KEY CHECK (length(hash) = 32),\n"
	"  kind INTEGER NOT NULL CHECK (kind IN (1, 2)),\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  expires_at BIGINT NOT NULL,\n"
	"  used_at BIGINT\n"
	");\n"
	"CREATE INDEX tokens_member ON tokens(member_id);\n"
	"CREATE TABLE sessions (\n"
	"  hash BYTEA PRIMARY KEY CHECK (length(hash) = 32),\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  bearer BOOLEAN NOT NULL DEFAULT false,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  expires_at BIGINT NOT NULL\n"
	");\n"
	"CREATE INDEX sessions_member ON sessions(member_id);\n"
	"CREATE TABLE rate_limits (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  window_start BIGINT NOT NULL,\n"
	"  window_len BIGINT NOT NULL,\n"
	"  count BIGINT NOT NULL\n"
	");\n"
	"CREATE TABLE settings (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE audit_log (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  at BIGINT NOT NULL,\n"
	"  actor BIGINT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  target TEXT NOT NULL DEFAULT '',\n"
	"  detail TEXT NOT NULL DEFAULT ''\n"
	");\n"),

	/* 2: scheduled jobs, claimed once across every node; members' names
	 * searchable (tsvector kept by the database, GIN index). */
	PARTS("CREATE TABLE jobs (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  next_at BIGINT NOT NULL,\n"
	"  runs BIGINT NOT NULL DEFAULT 0\n"
	");\n"
	"ALTER TABLE members ADD COLUMN search tsvector GENERATED ALWAYS AS\n"
	"  (to_tsvector('simple', name || ' ' || handle || ' ' || specialty)) STORED;\n"
	"CREATE INDEX members_search ON members USING GIN (search);\n"),

	/* 3: doctors' verification applications, and the registers imported
	 * from the authorities (rounds register import). */
	PARTS("CREATE TABLE verifications (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  authority TEXT NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  reg_name TEXT NOT NULL,\n"
	"  name_key TEXT NOT NULL DEFAULT '',\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),\n"
	"  reason TEXT NOT NULL DEFAULT '',\n"
	"  created_at BIGINT NOT NULL,\n"
	"  decided_at BIGINT,\n"
	"  decided_by BIGINT\n"
	");\n"
	"CREATE UNIQUE INDEX verifications_one_pending ON verifications(member_id) WHERE status = 'pending';\n"
	"CREATE INDEX verifications_queue ON verifications(status, created_at);\n"
	"CREATE INDEX verifications_number ON verifications(authority, number);\n"
	"CREATE TABLE register_entries (\n"
	"  authority TEXT NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  name_key TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('registered', 'erased', 'suspended')),\n"
	"  imported_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (authority, number)\n"
	");\n"),

	/* 4: connections between members (see the SQLite text). */
	PARTS("CREATE TABLE connections (\n"
	"  requester BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  addressee BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted')),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  accepted_at BIGINT,\n"
	"  PRIMARY KEY (requester, addressee),\n"
	"  CHECK (requester <> addressee)\n"
	");\n"
	"CREATE UNIQUE INDEX connections_pair ON connections (LEAST(requester, addressee), GREATEST(requester, addressee));\n"
	"CREATE INDEX connections_addressee ON connections (addressee, status);\n"),

	/* 5: private messages, blocks and message reports (see the SQLite text). */
	PARTS("CREATE TABLE conversations (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  subject TEXT NOT NULL DEFAULT '',\n"
	"  created_by BIGINT NOT NULL REFERENCES members(id),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  last_message_at BIGINT NOT NULL\n"
	");\n"
	"CREATE TABLE conversation_members (\n"
	"  conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  joined_at BIGINT NOT NULL,\n"
	"  unread BIGINT NOT NULL DEFAULT 0 CHECK (unread >= 0),\n"
	"  muted BOOLEAN NOT NULL DEFAULT false,\n"
	"  left_at BIGINT,\n"
	"  PRIMARY KEY (conversation_id, member_id)\n"
	");\n"
	"CREATE INDEX conversation_members_member ON conversation_members(member_id, conversation_id);\n"
	"CREATE TABLE messages (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,\n"
	"  author_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  body TEXT NOT NULL,\n"
	"  body_html TEXT NOT NULL,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  removed_at BIGINT,\n"
	"  removed_by BIGINT\n"
	");\n"
	"CREATE INDEX messages_conversation ON messages(conversation_id, id);\n"
	"CREATE TABLE blocks (\n"
	"  blocker BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  blocked BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (blocker, blocked),\n"
	"  CHECK (blocker <> blocked)\n"
	");\n"
	"CREATE INDEX blocks_blocked ON blocks(blocked, blocker);\n"
	"CREATE TABLE message_reports (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,\n"
	"  reporter BIGINT NOT NULL REFERENCES members(id),\n"
	"  reason TEXT NOT NULL,\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'removed')),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  created_at BIGINT NOT NULL,\n"
	"  decided_at BIGINT,\n"
	"  decided_by BIGINT\n"
	");\n"
	"CREATE UNIQUE INDEX message_reports_once ON message_reports(message_id, reporter);\n"
	"CREATE INDEX message_reports_queue ON message_reports(status, id);\n"),

	/* 6: account deletion (see the SQLite text). */
	PARTS("ALTER TABLE members ADD COLUMN deleted_at BIGINT;\n"),

	/* 7: uploads and verification documents (see the SQLite text).  Here
	 * the bytes are in the row (data), so every node reads the same files
	 * with no shared disk; stored out of line and not compressed again
	 * (EXTERNAL), since PDFs and images are compressed already. */
	PARTS("CREATE TABLE uploads (\n"
	"  sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),\n"
	"  mime TEXT NOT NULL,\n"
	"  size BIGINT NOT NULL CHECK (size >= 0),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  data BYTEA NOT NULL CHECK (octet_length(data) = size)\n"
	");\n"
	"ALTER TABLE uploads ALTER COLUMN data SET STORAGE EXTERNAL;\n"
	"ALTER TABLE verifications ADD COLUMN document TEXT NOT NULL DEFAULT '',\n"
	"  ADD COLUMN document_type TEXT NOT NULL DEFAULT '',\n"
	"  ADD COLUMN document_name TEXT NOT NULL DEFAULT '';\n"),

	/* 8: forums, their champions, topics, posts, edits, likes, reading
	 * and watching, notifications and flags (see the SQLite text), then
	 * the seeded forums (forum_seed.h, the same rows on both).  Counts
	 * (forums.topic_count, post_count; topics.reply_count;
	 * posts.like_count) are kept by the writes.  Slugs are unique
	 * whatever their case, as SQLite's COLLATE NOCASE (they are ASCII). */
	PARTS("CREATE TABLE forums (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  slug TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  section TEXT NOT NULL CHECK (section IN ('open_clinical', 'closed_clinical', 'off_duty')),\n"
	"  position BIGINT NOT NULL DEFAULT 0,\n"
	"  archived BOOLEAN NOT NULL DEFAULT false,\n"
	"  topic_count BIGINT NOT NULL DEFAULT 0,\n"
	"  post_count BIGINT NOT NULL DEFAULT 0,\n"
	"  last_post_at BIGINT NOT NULL DEFAULT 0,\n"
	"  created_at BIGINT NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX forums_slug ON forums (lower(slug));\n"
	"CREATE TABLE forum_champions (\n"
	"  forum_id BIGINT NOT NULL REFERENCES forums(id),\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (forum_id, member_id)\n"
	");\n"
	"CREATE INDEX forum_champions_member ON forum_champions (member_id, forum_id);\n"
	"CREATE TABLE topics (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  forum_id BIGINT NOT NULL REFERENCES forums(id),\n"
	"  author_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  title TEXT NOT NULL,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  last_post_at BIGINT NOT NULL,\n"
	"  last_post_id BIGINT NOT NULL DEFAULT 0,\n"
	"  reply_count BIGINT NOT NULL DEFAULT 0,\n"
	"  pinned BOOLEAN NOT NULL DEFAULT false,\n"
	"  locked BOOLEAN NOT NULL DEFAULT false,\n"
	"  deleted_at BIGINT,\n"
	"  deleted_by BIGINT\n"
	");\n"
	"CREATE INDEX topics_forum ON topics (forum_id, pinned, last_post_at);\n"
	"CREATE INDEX topics_latest ON topics (last_post_at);\n"
	"CREATE INDEX topics_author ON topics (author_id, id);\n"
	"CREATE TABLE posts (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  topic_id BIGINT NOT NULL REFERENCES topics(id),\n"
	"  author_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  number BIGINT NOT NULL,\n"
	"  body TEXT NOT NULL,\n"
	"  body_html TEXT NOT NULL,\n"
	"  confirmed BOOLEAN NOT NULL DEFAULT false,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  edited_at BIGINT NOT NULL DEFAULT 0,\n"
	"  edit_count BIGINT NOT NULL DEFAULT 0,\n"
	"  like_count BIGINT NOT NULL DEFAULT 0,\n"
	"  pick BOOLEAN NOT NULL DEFAULT false,\n"
	"  hidden_at BIGINT,\n"
	"  hidden_by BIGINT,\n"
	"  deleted_at BIGINT,\n"
	"  deleted_by BIGINT\n"
	");\n"
	"CREATE UNIQUE INDEX posts_topic ON posts (topic_id, number);\n"
	"CREATE INDEX posts_author ON posts (author_id, id);\n",
	"CREATE TABLE post_edits (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  post_id BIGINT NOT NULL REFERENCES posts(id),\n"
	"  editor_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  body TEXT NOT NULL,\n" /* the text before this edit */
	"  edited_at BIGINT NOT NULL\n"
	");\n"
	"CREATE INDEX post_edits_post ON post_edits (post_id, id);\n"
	"CREATE TABLE post_likes (\n"
	"  post_id BIGINT NOT NULL REFERENCES posts(id),\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (post_id, member_id)\n"
	");\n"
	"CREATE TABLE topic_reads (\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  topic_id BIGINT NOT NULL REFERENCES topics(id),\n"
	"  last_post_id BIGINT NOT NULL,\n"
	"  read_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (member_id, topic_id)\n"
	");\n"
	"CREATE TABLE topic_watches (\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  topic_id BIGINT NOT NULL REFERENCES topics(id),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (member_id, topic_id)\n"
	");\n"
	"CREATE INDEX topic_watches_topic ON topic_watches (topic_id, member_id);\n"
	"CREATE TABLE notifications (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('reply', 'mention', 'like', 'moderation')),\n"
	"  actor_id BIGINT NOT NULL DEFAULT 0,\n" /* 0: nobody in particular */
	"  topic_id BIGINT NOT NULL REFERENCES topics(id),\n"
	"  post_id BIGINT NOT NULL DEFAULT 0,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  read_at BIGINT\n"
	");\n"
	"CREATE INDEX notifications_member ON notifications (member_id, id);\n"
	"CREATE INDEX notifications_unread ON notifications (member_id) WHERE read_at IS NULL;\n"
	"CREATE TABLE flags (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  post_id BIGINT NOT NULL REFERENCES posts(id),\n"
	"  reporter BIGINT NOT NULL REFERENCES members(id),\n"
	"  reason TEXT NOT NULL CHECK (reason IN ('patient_identifiers', 'abuse', 'spam', 'misinformation', "
	"'other')),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'hidden', 'deleted')),\n"
	"  decision_note TEXT NOT NULL DEFAULT '',\n"
	"  created_at BIGINT NOT NULL,\n"
	"  decided_at BIGINT,\n"
	"  decided_by BIGINT\n"
	");\n"
	"CREATE UNIQUE INDEX flags_open_once ON flags (post_id, reporter) WHERE status = 'open';\n"
	"CREATE INDEX flags_queue ON flags (status, id);\n"
	"CREATE INDEX audit_log_action ON audit_log (action, id);\n",
	FORUM_SEED),

	/* 9: polls, post images, and the editors' list of confirmed posts (as
	 * SQLite's 9: a poll keyed by its topic, options numbered from 0, a
	 * vote a row per option chosen, counts kept by the vote). */
	PARTS("ALTER TABLE posts ADD COLUMN image TEXT NOT NULL DEFAULT '';\n"
	"CREATE TABLE polls (\n"
	"  topic_id BIGINT PRIMARY KEY REFERENCES topics(id),\n"
	"  question TEXT NOT NULL,\n"
	"  multiple BOOLEAN NOT NULL DEFAULT false,\n"
	"  closes_at BIGINT NOT NULL DEFAULT 0,\n" /* 0: never */
	"  voters BIGINT NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE poll_options (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  topic_id BIGINT NOT NULL REFERENCES polls(topic_id),\n"
	"  position BIGINT NOT NULL,\n"
	"  label TEXT NOT NULL,\n"
	"  votes BIGINT NOT NULL DEFAULT 0,\n"
	"  UNIQUE (topic_id, position)\n"
	");\n"
	"CREATE TABLE poll_votes (\n"
	"  topic_id BIGINT NOT NULL,\n"
	"  option_id BIGINT NOT NULL REFERENCES poll_options(id),\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (option_id, member_id)\n"
	");\n"
	"CREATE INDEX poll_votes_member ON poll_votes (topic_id, member_id);\n"
	"CREATE INDEX posts_confirmed ON posts (confirmed, id) WHERE confirmed = true;\n"),

	/* 10: private groups (as SQLite's 10; here the forums' check is
	 * altered in place). */
	PARTS("ALTER TABLE forums DROP CONSTRAINT forums_section_check;\n"
	"ALTER TABLE forums ADD CONSTRAINT forums_section_check\n"
	"  CHECK (section IN ('open_clinical', 'closed_clinical', 'off_duty', 'group'));\n"
	"CREATE TABLE groups (\n"
	"  forum_id BIGINT PRIMARY KEY REFERENCES forums(id),\n"
	"  requester_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  audience TEXT NOT NULL DEFAULT '',\n"
	"  clinical BOOLEAN NOT NULL DEFAULT false,\n"
	"  status TEXT NOT NULL DEFAULT 'pending'\n"
	"    CHECK (status IN ('pending', 'declined', 'active', 'archived', 'suspended')),\n"
	"  reason TEXT NOT NULL DEFAULT '',\n"
	"  decided_by BIGINT NOT NULL DEFAULT 0,\n"
	"  decided_at BIGINT NOT NULL DEFAULT 0,\n"
	"  member_count BIGINT NOT NULL DEFAULT 0,\n"
	"  created_at BIGINT NOT NULL\n"
	");\n"
	"CREATE INDEX groups_status ON groups (status, created_at);\n"
	"CREATE INDEX groups_requester ON groups (requester_id);\n"
	"CREATE TABLE group_members (\n"
	"  group_id BIGINT NOT NULL REFERENCES groups(forum_id),\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  role TEXT NOT NULL CHECK (role IN ('member', 'coowner', 'owner')),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (group_id, member_id)\n"
	");\n"
	"CREATE INDEX group_members_member ON group_members (member_id, group_id);\n"
	"CREATE UNIQUE INDEX group_members_owner ON group_members (group_id) WHERE role = 'owner';\n",
	"CREATE TABLE group_invitations (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  group_id BIGINT NOT NULL REFERENCES groups(forum_id),\n"
	"  member_id BIGINT REFERENCES members(id),\n" /* NULL: to `email` */
	"  email TEXT NOT NULL DEFAULT '',\n"
	"  inviter_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  status TEXT NOT NULL DEFAULT 'pending'\n"
	"    CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  decided_at BIGINT NOT NULL DEFAULT 0,\n"
	"  CHECK ((member_id IS NULL) <> (email = ''))\n"
	");\n"
	"CREATE UNIQUE INDEX group_invitations_member ON group_invitations (group_id, member_id)\n"
	"  WHERE status = 'pending' AND member_id IS NOT NULL;\n"
	"CREATE UNIQUE INDEX group_invitations_email ON group_invitations (group_id, email)\n"
	"  WHERE status = 'pending' AND member_id IS NULL;\n"
	"CREATE INDEX group_invitations_to ON group_invitations (member_id, status);\n"
	"CREATE INDEX group_invitations_address ON group_invitations (email, status) WHERE member_id IS NULL;\n"
	"CREATE INDEX group_invitations_group ON group_invitations (group_id, status);\n"),

	/* 11: blogs (as SQLite's 11; the forums' check altered in place).  A
	 * blog is a forum in section 'blog' and a row of `blogs` keyed by its
	 * id, one per owner; a post's comments are a topic of that forum
	 * (topic_id, NULL until first published).  One pending application
	 * per member, one post per slug in a blog whatever its case, as
	 * SQLite's COLLATE NOCASE (unique indexes). */
	PARTS("ALTER TABLE forums DROP CONSTRAINT forums_section_check;\n"
	"ALTER TABLE forums ADD CONSTRAINT forums_section_check\n"
	"  CHECK (section IN ('open_clinical', 'closed_clinical', 'off_duty', 'group', 'blog'));\n"
	"CREATE TABLE blogs (\n"
	"  forum_id BIGINT PRIMARY KEY REFERENCES forums(id),\n"
	"  owner_id BIGINT NOT NULL UNIQUE REFERENCES members(id),\n"
	"  created_at BIGINT NOT NULL\n"
	");\n"
	"CREATE TABLE blogger_applications (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  blog_title TEXT NOT NULL,\n"
	"  about TEXT NOT NULL DEFAULT '',\n"
	"  sample TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),\n"
	"  reason TEXT NOT NULL DEFAULT '',\n"
	"  decided_by BIGINT NOT NULL DEFAULT 0,\n"
	"  decided_at BIGINT NOT NULL DEFAULT 0,\n"
	"  blog_id BIGINT REFERENCES blogs(forum_id),\n" /* NULL until approved */
	"  created_at BIGINT NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX blogger_applications_pending ON blogger_applications (member_id)\n"
	"  WHERE status = 'pending';\n"
	"CREATE INDEX blogger_applications_status ON blogger_applications (status, created_at);\n"
	"CREATE INDEX blogger_applications_member ON blogger_applications (member_id, created_at);\n",
	"CREATE TABLE blog_posts (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  blog_id BIGINT NOT NULL REFERENCES blogs(forum_id),\n"
	"  author_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  slug TEXT NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  summary TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n"
	"  body_html TEXT NOT NULL DEFAULT '',\n"
	"  cover TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),\n"
	"  publish_at BIGINT NOT NULL DEFAULT 0,\n"
	"  published_at BIGINT NOT NULL DEFAULT 0,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  updated_at BIGINT NOT NULL,\n"
	"  edit_count BIGINT NOT NULL DEFAULT 0,\n"
	"  topic_id BIGINT UNIQUE REFERENCES topics(id),\n"
	"  featured_at BIGINT NOT NULL DEFAULT 0,\n"
	"  featured_by BIGINT NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE UNIQUE INDEX blog_posts_slug ON blog_posts (blog_id, lower(slug));\n"
	"CREATE INDEX blog_posts_public ON blog_posts (published_at, id) WHERE status = 'published';\n"
	"CREATE INDEX blog_posts_blog ON blog_posts (blog_id, status, published_at);\n"
	"CREATE INDEX blog_posts_due ON blog_posts (publish_at) WHERE status = 'scheduled';\n"
	"CREATE INDEX blog_posts_featured ON blog_posts (featured_at, id) WHERE featured_at > 0;\n"
	"CREATE TABLE blog_post_tags (\n"
	"  post_id BIGINT NOT NULL REFERENCES blog_posts(id),\n"
	"  tag TEXT NOT NULL,\n"
	"  PRIMARY KEY (post_id, tag)\n"
	");\n"
	"CREATE INDEX blog_post_tags_tag ON blog_post_tags (tag, post_id);\n"
	"CREATE TABLE blog_post_revisions (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  post_id BIGINT NOT NULL REFERENCES blog_posts(id),\n"
	"  title TEXT NOT NULL,\n"
	"  summary TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n" /* the version before this edit */
	"  editor_id BIGINT NOT NULL,\n"
	"  edited_at BIGINT NOT NULL\n"
	");\n"
	"CREATE INDEX blog_post_revisions_post ON blog_post_revisions (post_id, id);\n"
	"CREATE TABLE blog_shares (\n"
	"  post_id BIGINT NOT NULL REFERENCES blog_posts(id),\n"
	"  network TEXT NOT NULL,\n"
	"  shared_by BIGINT NOT NULL,\n"
	"  shared_at BIGINT NOT NULL,\n"
	"  PRIMARY KEY (post_id, network)\n"
	");\n"),

	/* 12: the e-library (see the SQLite text).  Slugs are unique in any
	 * case (ASCII), as SQLite's NOCASE. */
	PARTS("CREATE TABLE library_collections (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  slug TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  about TEXT NOT NULL DEFAULT '',\n"
	"  position BIGINT NOT NULL DEFAULT 0,\n"
	"  created_at BIGINT NOT NULL,\n"
	"  updated_at BIGINT NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX library_collections_slug ON library_collections (lower(slug));\n"
	"CREATE TABLE library_items (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  slug TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('page', 'ebook')),\n"
	"  title TEXT NOT NULL,\n"
	"  authors TEXT NOT NULL DEFAULT '',\n"
	"  about TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n"
	"  body_html TEXT NOT NULL DEFAULT '',\n"
	"  access TEXT NOT NULL CHECK (access IN ('public', 'members', 'doctors')),\n"
	"  cover TEXT NOT NULL DEFAULT '' CHECK (cover ~ '^([0-9a-f]{64})?$'),\n"
	"  published_on TEXT NOT NULL DEFAULT '' CHECK (published_on ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$'),\n"
	"  isbn TEXT NOT NULL DEFAULT '' CHECK (isbn ~ '^([0-9]{13}|[0-9]{9}[0-9X])?$'),\n"
	"  withdrawn_at BIGINT NOT NULL DEFAULT 0 CHECK (withdrawn_at >= 0),\n"
	"  downloads BIGINT NOT NULL DEFAULT 0 CHECK (downloads >= 0),\n"
	"  created_by BIGINT NOT NULL REFERENCES members(id),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  updated_at BIGINT NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX library_items_slug ON library_items (lower(slug));\n"
	"CREATE INDEX library_items_newest ON library_items (created_at, id);\n"
	"CREATE INDEX library_items_downloads ON library_items (downloads, created_at, id);\n",
	"CREATE TABLE library_item_collections (\n"
	"  item_id BIGINT NOT NULL REFERENCES library_items(id),\n"
	"  collection_id BIGINT NOT NULL REFERENCES library_collections(id),\n"
	"  PRIMARY KEY (collection_id, item_id)\n"
	");\n"
	"CREATE INDEX library_item_collections_item ON library_item_collections (item_id, collection_id);\n"
	"CREATE TABLE library_files (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  item_id BIGINT NOT NULL REFERENCES library_items(id),\n"
	"  slot BIGINT NOT NULL CHECK (slot >= 0),\n"
	"  version BIGINT NOT NULL CHECK (version >= 1),\n"
	"  name TEXT NOT NULL,\n"
	"  sha256 TEXT NOT NULL REFERENCES uploads(sha256),\n"
	"  mime TEXT NOT NULL,\n"
	"  size BIGINT NOT NULL CHECK (size >= 0),\n"
	"  created_by BIGINT NOT NULL REFERENCES members(id),\n"
	"  created_at BIGINT NOT NULL,\n"
	"  UNIQUE (item_id, slot, version)\n"
	");\n"
	"CREATE INDEX library_files_sha256 ON library_files (sha256);\n"
	"CREATE TABLE library_downloads (\n"
	"  item_id BIGINT NOT NULL REFERENCES library_items(id),\n"
	"  day BIGINT NOT NULL,\n"
	"  n BIGINT NOT NULL CHECK (n >= 0),\n"
	"  PRIMARY KEY (item_id, day)\n"
	");\n"),

	/* 13: search (SQLite keeps FTS5 tables instead).  A stored tsvector
	 * per kind, kept by the database, weighted by field (A titles and
	 * names, B summaries, authors and descriptions, C bodies), with a GIN
	 * index.  Not generated again when only other columns change. */
	PARTS("ALTER TABLE topics ADD COLUMN search tsvector GENERATED ALWAYS AS\n"
	"  (setweight(to_tsvector('english', title), 'A')) STORED;\n"
	"CREATE INDEX topics_search ON topics USING GIN (search);\n"
	"ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS\n"
	"  (setweight(to_tsvector('english', body), 'C')) STORED;\n"
	"CREATE INDEX posts_search ON posts USING GIN (search);\n"
	"ALTER TABLE blog_posts ADD COLUMN search tsvector GENERATED ALWAYS AS\n"
	"  (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B') ||\n"
	"   setweight(to_tsvector('english', body), 'C')) STORED;\n"
	"CREATE INDEX blog_posts_search ON blog_posts USING GIN (search);\n"
	"ALTER TABLE library_items ADD COLUMN search tsvector GENERATED ALWAYS AS\n"
	"  (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', authors), 'B') ||\n"
	"   setweight(to_tsvector('english', about), 'B') || setweight(to_tsvector('english', body), 'C')) STORED;\n"
	"CREATE INDEX library_items_search ON library_items USING GIN (search);\n"
	"ALTER TABLE forums ADD COLUMN search tsvector GENERATED ALWAYS AS\n"
	"  (setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B'))\n"
	"  STORED;\n"
	"CREATE INDEX forums_search ON forums USING GIN (search);\n"
	"ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS\n"
	"  (setweight(to_tsvector('english', body), 'C')) STORED;\n"
	"CREATE INDEX messages_search ON messages USING GIN (search);\n"),

	/* 14: the mail queue (see the SQLite text).  Addresses in mail_bounces
	 * are folded as SQLite's lower() folds: A-Z only. */
	PARTS("CREATE TABLE mail_queue (\n"
	"  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  member_id BIGINT NOT NULL DEFAULT 0,\n"
	"  address TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('account', 'reply', 'mention', 'message', 'invitation', 'decision', "
	"'digest')),\n"
	"  subject TEXT NOT NULL,\n"
	"  body_text TEXT NOT NULL,\n"
	"  body_html TEXT NOT NULL DEFAULT '',\n"
	"  unsubscribe TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'bounced', 'failed', "
	"'suppressed')),\n"
	"  attempts BIGINT NOT NULL DEFAULT 0,\n"
	"  next_at BIGINT NOT NULL,\n"
	"  lease_until BIGINT NOT NULL DEFAULT 0,\n"
	"  last_error TEXT NOT NULL DEFAULT '',\n"
	"  created_at BIGINT NOT NULL,\n"
	"  sent_at BIGINT NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX mail_queue_due ON mail_queue (next_at) WHERE status IN ('queued', 'sending');\n"
	"CREATE INDEX mail_queue_member ON mail_queue (member_id, created_at);\n"
	"CREATE INDEX mail_queue_done ON mail_queue (created_at) WHERE status IN ('sent', 'bounced', 'failed', 'suppressed');\n"
	"CREATE TABLE mail_bounces (\n"
	"  address_lower TEXT PRIMARY KEY,\n"
	"  at BIGINT NOT NULL,\n"
	"  detail TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE TABLE mail_prefs (\n"
	"  member_id BIGINT NOT NULL REFERENCES members(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('reply', 'mention', 'message', 'invitation', 'decision')),\n"
	"  mode TEXT NOT NULL CHECK (mode IN ('immediate', 'daily', 'weekly', 'never')),\n"
	"  PRIMARY KEY (member_id, kind)\n"
	");\n"
	"CREATE TABLE mail_marks (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value BIGINT NOT NULL\n"
	");\n",
	"CREATE INDEX notifications_fresh ON notifications (created_at, member_id) WHERE read_at IS NULL;\n"
	"CREATE INDEX conversations_last ON conversations (last_message_at);\n"
	"CREATE INDEX group_invitations_fresh ON group_invitations (created_at, member_id)\n"
	"  WHERE status = 'pending' AND member_id IS NOT NULL;\n"
	"CREATE INDEX verifications_member ON verifications (member_id, decided_at);\n"
	"CREATE INDEX verifications_decided ON verifications (decided_at) WHERE decided_at IS NOT NULL;\n"
	"CREATE INDEX blogger_applications_decided ON blogger_applications (decided_at) WHERE decided_at > 0;\n"
	"CREATE INDEX groups_decided ON groups (decided_at) WHERE decided_at > 0;\n"
	"CREATE INDEX audit_log_warned ON audit_log (target, at) WHERE action = 'member.warn';\n"
	"CREATE INDEX audit_log_warn_at ON audit_log (at) WHERE action = 'member.warn';\n"
	"INSERT INTO mail_marks (key, value) SELECT 'fanout:reply', COALESCE(MAX(id), 0) FROM notifications;\n"
	"INSERT INTO mail_marks (key, value) SELECT 'fanout:mention', COALESCE(MAX(id), 0) FROM notifications;\n"
	"INSERT INTO mail_marks (key, value) SELECT 'fanout:message', COALESCE(MAX(id), 0) FROM messages;\n"
	"INSERT INTO mail_marks (key, value) SELECT 'fanout:invitation', COALESCE(MAX(id), 0) FROM group_invitations;\n"),

	/* 15: page views and the editors' dashboard (helper dash-store; see
	 * the SQLite text). */
	PARTS("CREATE TABLE page_views (\n"
	"  day BIGINT NOT NULL CHECK (day >= 0),\n"
	"  bucket TEXT NOT NULL,\n"
	"  views BIGINT NOT NULL CHECK (views >= 0),\n"
	"  PRIMARY KEY (day, bucket)\n"
	");\n"
	"CREATE TABLE page_view_items (\n"
	"  month BIGINT NOT NULL CHECK (month >= 0),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('topic', 'blog_post', 'library_item')),\n"
	"  item_id BIGINT NOT NULL,\n"
	"  views BIGINT NOT NULL CHECK (views >= 0),\n"
	"  PRIMARY KEY (month, kind, item_id)\n"
	");\n"
	"CREATE INDEX page_view_items_top ON page_view_items (month, kind, views DESC, item_id);\n"
	"CREATE TABLE page_view_days (\n"
	"  day BIGINT PRIMARY KEY CHECK (day >= 0),\n"
	"  salt BYTEA CHECK (salt IS NULL OR length(salt) = 32),\n" /* NULL: the day is closed */
	"  readers BIGINT NOT NULL DEFAULT 0 CHECK (readers >= 0)\n"
	");\n"
	"CREATE TABLE page_view_readers (\n"
	"  day BIGINT NOT NULL,\n"
	"  reader BYTEA NOT NULL CHECK (length(reader) = 16),\n"
	"  PRIMARY KEY (day, reader)\n"
	");\n"
	"ALTER TABLE members ADD COLUMN verified_at BIGINT NOT NULL DEFAULT 0;\n"
	"UPDATE members m SET verified_at = coalesce((SELECT v.decided_at FROM verifications v\n"
	"  WHERE v.member_id = m.id AND v.status = 'approved' AND v.decided_at > 0 ORDER BY v.id DESC LIMIT 1),\n"
	"  m.created_at) WHERE m.verified;\n"
	"CREATE INDEX members_verified_at ON members (verified_at) WHERE verified;\n"
	"CREATE INDEX members_created ON members (created_at);\n"),
	/* 16: the planner's knowledge of the words of the large search
	 * columns.  With the default statistics a word too rare to be among
	 * the 1,000 it keeps is guessed at 0.5% of the rows, so the planner
	 * walks posts newest first looking for it: 4 minutes for a word in
	 * 600 of 10 million posts, where the GIN index takes 0.2 s.  100,000
	 * words known (the target times ten) make the guess for the rest
	 * small.  (SQLite's 16 keeps the words for prefix search instead,
	 * search_fts_terms; here a prefix is a tsquery's ':*'.) */
	PARTS("ALTER TABLE posts ALTER COLUMN search SET STATISTICS 10000;\n"
	"ALTER TABLE topics ALTER COLUMN search SET STATISTICS 10000;\n"
	"ALTER TABLE messages ALTER COLUMN search SET STATISTICS 10000;\n"
	"ANALYZE posts (search);\n"
	"ANALYZE topics (search);\n"
	"ANALYZE messages (search);\n"),
	/* 17: a post's notifications (see the SQLite text). */
	PARTS("CREATE INDEX notifications_post ON notifications (post_id, member_id);\n"),
	/* 18: blog comments searchable (see the SQLite text): posts.blog_comment
	 * set when written (PG_POST_INSERT) and filled here; the comments'
	 * own GIN index over posts.search, and their ids newest first, so a
	 * search for comments reads neither the forums' posts nor their
	 * index; the planner told what share of posts are comments. */
	PARTS("ALTER TABLE posts ADD COLUMN blog_comment BOOLEAN NOT NULL DEFAULT false;\n"
	"UPDATE posts SET blog_comment = true WHERE number > 1 AND topic_id IN (SELECT t.id FROM topics t\n"
	"  JOIN forums f ON f.id = t.forum_id WHERE f.section = 'blog');\n"
	"CREATE INDEX posts_comment_search ON posts USING GIN (search) WHERE blog_comment;\n"
	"CREATE INDEX posts_comment ON posts (id) WHERE blog_comment;\n"
	"ANALYZE posts (blog_comment);\n"),
	/* 19: the unread notifications' index as SQLite's (see its text).
	 * PostgreSQL could count from the old one alone, since it knows the
	 * partial predicate holds; the same index keeps the schemas alike. */
	PARTS("DROP INDEX notifications_unread;\n"
	"CREATE INDEX notifications_unread ON notifications (member_id, read_at) WHERE read_at IS NULL;\n"),
	/* 20: phrases found by their word pairs.  A phrase of two common
	 * words ("chest pain") had every post with both words rechecked on
	 * the heap, since GIN keeps no positions: 27,000 posts read at 1M
	 * posts for 163 that hold the phrase, 5 s at 10M.  post_pairs holds
	 * each post's adjacent lexeme pairs ("chest pain"), from the same
	 * tsvector the phrase is tested against, so a post that holds the
	 * phrase holds its pairs; pg_search.c asks its GIN index first.
	 * Kept by a trigger in the writer's transaction (rounds-gen, whose
	 * load skips triggers, fills it after).  SQLite's FTS5 keeps
	 * positions in its index and needs none (its 20 only counts). */
	PARTS("CREATE FUNCTION rounds_pairs(v tsvector) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n"
	"  SELECT coalesce(array_agg(DISTINCT l1 || ' ' || l2), '{}') FROM (SELECT lexeme AS l1, pos,\n"
	"    lead(lexeme) OVER w AS l2, lead(pos) OVER w AS p2\n"
	"    FROM (SELECT u.lexeme, unnest(u.positions) AS pos FROM unnest(v) u) x WINDOW w AS (ORDER BY pos)) y\n"
	"  WHERE p2 = pos + 1 $$;\n"
	"CREATE TABLE post_pairs (\n"
	"  post_id BIGINT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,\n"
	"  pairs TEXT[] NOT NULL\n"
	");\n"
	"INSERT INTO post_pairs SELECT id, rounds_pairs(search) FROM posts;\n"
	"CREATE INDEX post_pairs_pairs ON post_pairs USING GIN (pairs);\n"
	"CREATE FUNCTION rounds_post_pairs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
	"  INSERT INTO post_pairs VALUES (NEW.id, rounds_pairs(NEW.search))\n"
	"    ON CONFLICT (post_id) DO UPDATE SET pairs = excluded.pairs;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER posts_pairs AFTER INSERT OR UPDATE OF body ON posts\n"
	"  FOR EACH ROW EXECUTE FUNCTION rounds_post_pairs();\n"),
	/* 21: topics.version and cache_versions.authors, for the nodes'
	 * caches of topic pages (see the SQLite text).  A post's change
	 * locks its topic's row for the version; a reply and a deletion
	 * lock it first anyway, and a deadlock with an edit is retried
	 * (pg.c).  Members' rows fire only for a change that shows. */
	PARTS("ALTER TABLE topics ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);\n"
	"CREATE TABLE cache_versions (\n"
	"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	"  authors BIGINT NOT NULL\n"
	");\n"
	"INSERT INTO cache_versions VALUES (1, 1);\n"
	"CREATE FUNCTION rounds_topic_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
	"  IF TG_OP <> 'INSERT' THEN\n"
	"    UPDATE topics SET version = version + 1 WHERE id = OLD.topic_id;\n"
	"  END IF;\n"
	"  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.topic_id <> OLD.topic_id) THEN\n"
	"    UPDATE topics SET version = version + 1 WHERE id = NEW.topic_id;\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER posts_version AFTER INSERT OR UPDATE OR DELETE ON posts\n"
	"  FOR EACH ROW EXECUTE FUNCTION rounds_topic_version();\n"
	"CREATE FUNCTION rounds_authors_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
	"  UPDATE cache_versions SET authors = authors + 1;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER members_authors_version AFTER UPDATE OF name, handle, verified, roles, deleted_at ON members\n"
	"  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.handle IS DISTINCT FROM NEW.handle\n"
	"    OR OLD.verified IS DISTINCT FROM NEW.verified OR OLD.roles IS DISTINCT FROM NEW.roles\n"
	"    OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)\n"
	"  EXECUTE FUNCTION rounds_authors_version();\n"
	"CREATE TRIGGER champions_authors_version AFTER INSERT OR DELETE ON forum_champions\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION rounds_authors_version();\n"),
	/* 22: the conversations with unread messages, and their counts, for
	 * the count every signed-in page makes (see the SQLite text). */
	PARTS("CREATE INDEX conversation_members_unread ON conversation_members (member_id, unread)\n"
	"  WHERE unread > 0 AND left_at IS NULL AND NOT muted;\n"),
	/* 23: a forum's page of topics skips its OFFSET in this index alone
	 * (see the SQLite text).  Partial, since PostgreSQL does not take
	 * deleted_at IS NULL as fixing the column for the order that
	 * follows: with deleted_at in the index it read all of the forum's
	 * topics and sorted them (737 at 1M posts), where this one reads the
	 * page's and the OFFSET's, in order (220 for page 11). */
	PARTS("CREATE INDEX topics_forum_live ON topics (forum_id, pinned, last_post_at, id) WHERE deleted_at IS NULL;\n"),
	/* 24: the forum index reads its three sections by this index, not
	 * every group's and blog's forum (see the SQLite text). */
	PARTS("CREATE INDEX forums_section ON forums (section);\n"),
	/* 25: a page of the members directory without words walks one of
	 * these in its order (see the SQLite text); each holds the columns
	 * the filters read, for the counts' index-only scans. */
	PARTS("CREATE INDEX members_directory ON members (lower(name), id, country, specialty, grade, type)\n"
	      "  WHERE confirmed AND NOT suspended;\n"
	      "CREATE INDEX members_dir_specialty ON members (specialty, lower(name), id, country, grade, type)\n"
	      "  WHERE confirmed AND NOT suspended;\n"
	      "CREATE INDEX members_dir_grade ON members (grade, lower(name), id, country, specialty, type)\n"
	      "  WHERE confirmed AND NOT suspended;\n"
	      "CREATE INDEX members_dir_country ON members (country, lower(name), id, specialty, grade, type)\n"
	      "  WHERE confirmed AND NOT suspended;\n"),
	/* 26: the posts' words indexed with their slice of ids.  GIN keeps
	 * no order, so the newest matches of two common words were found by
	 * walking the posts down from the newest, testing each (asthma
	 * inhaler at 10M posts: 180,000 posts read, 150 ms), and a slice of
	 * ids asked of posts_search still built the words' whole bitmaps.
	 * Each post's vector here also holds the lexeme 'slice N' (N its id
	 * >> PG_POST_SLICE_BITS: a space is in no parsed lexeme), so a query
	 * ANDed with a few slices' lexemes skips through the words' posting
	 * trees to those slices alone (the same query: 10 ms).  It replaces
	 * posts_search, which indexed the same words. */
	PARTS("CREATE FUNCTION rounds_slice(id bigint) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n"
	      "  SELECT array_to_tsvector(ARRAY['slice ' || (id >> " PG_POST_SLICE_BITS_SQL ")::text]) $$;\n"
	      "CREATE INDEX posts_search_slices ON posts USING GIN ((search || rounds_slice(id)));\n"
	      "DROP INDEX posts_search;\n"
	      /* the planner's shares of the words, as migration 16's: at the
	       * default a rare word was taken for 50,000 posts and walked for */
	      "ALTER INDEX posts_search_slices ALTER COLUMN 1 SET STATISTICS 10000;\n"
	      "ANALYZE posts;\n"),
};

const int pg_migration_count = (int)(sizeof pg_migrations / sizeof pg_migrations[0]);

/* The advisory lock every migrating node takes: any number, the same
 * everywhere ("rounds" in ASCII). */
#define MIGRATE_LOCK "125823037105267"

static int simple(PGconn *db, const char *sql, const char *what, PGresult **keep)
{
	PGresult *r = PQexec(db, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *m = PQresultErrorMessage(r);
		char q[512];
		log_error("store_migrate", "step=%s err=%s", what, log_q(q, sizeof q, m, strcspn(m, "\n")));
		PQclear(r);
		return STORE_ERR;
	}
	if (keep)
		*keep = r;
	else
		PQclear(r);
	return 0;
}

/* Sets the version row to `v`. */
static int set_version(PGconn *db, int v)
{
	char num[16];
	snprintf(num, sizeof num, "%d", v);
	const char *vals[] = {num};
	if (simple(db, "DELETE FROM rounds_schema", "version", NULL))
		return STORE_ERR;
	PGresult *r = PQexecParams(db, "INSERT INTO rounds_schema (version) VALUES ($1::integer)", 1, NULL, vals,
				   NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		log_error("store_migrate", "step=version err=%s", "\"cannot record the schema version\"");
	PQclear(r);
	return ok ? 0 : STORE_ERR;
}

/* One step, inside the caller's transaction: applies migration v + 1 if the
 * database is at v.  *now: the version after. */
static int step(PGconn *db, int *now)
{
	PGresult *r = NULL;
	if (simple(db, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK "), to_regclass('rounds_schema') IS NULL", "lock", &r))
		return STORE_ERR;
	/* Created only when missing: a read-only database refuses even an
	 * IF NOT EXISTS, and one whose schema is current needs no write. */
	bool missing = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	if (missing && simple(db, "CREATE TABLE IF NOT EXISTS rounds_schema (version INTEGER NOT NULL)", "table", NULL))
		return STORE_ERR;
	if (simple(db, "SELECT coalesce(max(version), 0) FROM rounds_schema", "version", &r))
		return STORE_ERR;
	int v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	*now = v;
	if (v > pg_migration_count) {
		log_error("store_migrate", "version=%d known=%d err=%s", v, pg_migration_count,
			  "\"database is newer than this program\"");
		return STORE_ERR;
	}
	if (v == pg_migration_count)
		return 0;
	char what[32];
	snprintf(what, sizeof what, "migration-%d", v + 1);
	for (const char *const *part = pg_migrations[v]; *part; part++)
		if (simple(db, *part, what, NULL))
			return STORE_ERR;
	if (set_version(db, v + 1))
		return STORE_ERR;
	*now = v + 1;
	log_info("store_migrate", "migration=%d", *now);
	return 0;
}

/* store_migrate: see store.h.  Uses one pooled connection and the simple
 * protocol (a migration holds several statements).  Prepared statements
 * name their columns, so the ones other connections planned before a
 * migration stay valid (PostgreSQL replans them). */
int pg_migrate(store *s)
{
	for (;;) {
		struct pg_q q;
		int rc = pg_start(&q, s, PG_PING, "migrate");
		if (rc)
			return rc;
		PGconn *db = q.c->db;
		int v = 0;
		rc = simple(db, "BEGIN", "begin", NULL);
		if (rc == 0)
			rc = step(db, &v);
		if (rc == 0)
			rc = simple(db, "COMMIT", "commit", NULL);
		else
			simple(db, "ROLLBACK", "rollback", NULL);
		pg_end(&q);
		if (rc)
			return rc;
		if (v == pg_migration_count)
			return v;
	}
}
