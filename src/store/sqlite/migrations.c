/* migrations.c: the SQLite schema, as numbered migrations, and the code
 * that applies them.
 *
 * Invariants: a migration, once shipped, is never edited; a change is a new
 * migration appended to sq_migrations[], and to pg_migrations[] under the
 * same number (pg/migrations.c), leaving both schemas equivalent.
 * Migration N is sq_migrations[N - 1]: its texts, run in order (more than
 * one only because ISO C caps a string literal at 4095 bytes), the last
 * ending with `PRAGMA user_version = N;` (checked when it is applied, so a
 * wrong number fails loudly instead of skipping or repeating one).  Each
 * runs in its own BEGIN IMMEDIATE transaction that first re-reads
 * user_version, so two processes migrating at once apply each step once.
 *
 * Conventions: STRICT tables; text columns NOT NULL DEFAULT '' (the store
 * hands out slices, never NULLs); booleans are INTEGER 0/1 with a CHECK;
 * times are Unix seconds; token and session hashes are 32-byte BLOBs. */
#include "sqlite_int.h"

#include "../../core/log.h"
#include "../forum_seed.h"

/* One migration's texts, NULL-terminated. */
#define MIGRATION(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Migration 13's search index over `table` (its `cols`, spelled again
 * with new. and old.): the FTS5 table, filled from the rows there are,
 * and its three triggers.  Frozen with migration 13. */
#define FTS_INDEX(fts, table, cols, news, olds)                                                              \
	"CREATE VIRTUAL TABLE " fts " USING fts5(" cols ", content='" table "', content_rowid='id', "            \
	"tokenize='porter unicode61 remove_diacritics 2');\n"                                                    \
	"INSERT INTO " fts " (" fts ") VALUES ('rebuild');\n"                                                    \
	"CREATE TRIGGER " fts "_insert AFTER INSERT ON " table " BEGIN\n"                                        \
	"  INSERT INTO " fts " (rowid, " cols ") VALUES (new.id, " news ");\n"                                   \
	"END;\n"                                                                                                 \
	"CREATE TRIGGER " fts "_delete AFTER DELETE ON " table " BEGIN\n"                                        \
	"  INSERT INTO " fts " (" fts ", rowid, " cols ") VALUES ('delete', old.id, " olds ");\n"                \
	"END;\n"                                                                                                 \
	"CREATE TRIGGER " fts "_update AFTER UPDATE OF " cols " ON " table " BEGIN\n"                            \
	"  INSERT INTO " fts " (" fts ", rowid, " cols ") VALUES ('delete', old.id, " olds ");\n"                \
	"  INSERT INTO " fts " (rowid, " cols ") VALUES (new.id, " news ");\n"                                   \
	"END;\n"

/* Migration 16's words of `table`'s column `col`: those there are, and
 * the triggers that add a new row's or an edit's.  Frozen with 16. */
#define TERMS_INDEX(table, col)                                                                              \
	"INSERT OR IGNORE INTO search_fts_terms (term, word) SELECT x.term, x.word FROM " table ", "             \
	"rounds_terms(" table "." col ") x;\n"                                                                  \
	"CREATE TRIGGER " table "_terms_insert AFTER INSERT ON " table " BEGIN\n"                               \
	"  INSERT OR IGNORE INTO search_fts_terms (term, word) SELECT term, word FROM rounds_terms(new." col ");\n" \
	"END;\n"                                                                                                \
	"CREATE TRIGGER " table "_terms_update AFTER UPDATE OF " col " ON " table " BEGIN\n"                    \
	"  INSERT OR IGNORE INTO search_fts_terms (term, word) SELECT term, word FROM rounds_terms(new." col ");\n" \
	"END;\n"

const char *const *const sq_migrations[] = {
	/* 1: members, their tokens and sessions, rate limits, settings, audit. */
	MIGRATION("CREATE TABLE members (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n" /* ids are never reused */
	"  email TEXT NOT NULL,\n"                    /* as typed */
	"  email_lower TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  handle TEXT NOT NULL COLLATE NOCASE UNIQUE,\n"
	"  type TEXT NOT NULL CHECK (type IN ('doctor', 'student', 'hcp')),\n"
	"  country TEXT NOT NULL DEFAULT '',\n"
	"  specialty TEXT NOT NULL DEFAULT '',\n"
	"  grade TEXT NOT NULL DEFAULT '',\n"
	"  bio TEXT NOT NULL DEFAULT '',\n"
	"  timezone TEXT NOT NULL DEFAULT '',\n"
	"  pw_hash TEXT NOT NULL DEFAULT '',\n"
	"  roles INTEGER NOT NULL DEFAULT 0 CHECK (roles >= 0),\n"
	"  confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),\n"
	"  verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),\n"
	"  suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE tokens (\n"
	"  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),\n"
	"  kind INTEGER NOT NULL CHECK (kind IN (1, 2)),\n" /* enum store_token_kind */
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  expires_at INTEGER NOT NULL,\n"
	"  used_at INTEGER\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX tokens_member ON tokens(member_id);\n"
	"CREATE TABLE sessions (\n"
	"  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  bearer INTEGER NOT NULL DEFAULT 0 CHECK (bearer IN (0, 1)),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  expires_at INTEGER NOT NULL\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX sessions_member ON sessions(member_id);\n"
	/* window_len: store_rate_peek is not told the window, so it is kept. */
	"CREATE TABLE rate_limits (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  window_start INTEGER NOT NULL,\n"
	"  window_len INTEGER NOT NULL,\n"
	"  count INTEGER NOT NULL\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE settings (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") STRICT, WITHOUT ROWID;\n"
	/* actor 0 is the command line, so no foreign key; rows outlive members. */
	"CREATE TABLE audit_log (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  actor INTEGER NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  target TEXT NOT NULL DEFAULT '',\n"
	"  detail TEXT NOT NULL DEFAULT ''\n"
	") STRICT;\n"
	"PRAGMA user_version = 1;\n"),

	/* 2: scheduled jobs, claimed once (as on PostgreSQL, where several
	 * nodes share them); members' names searchable: an FTS5 index over
	 * members kept in step by triggers, in the writer's transaction. */
	MIGRATION("CREATE TABLE jobs (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  next_at INTEGER NOT NULL,\n"
	"  runs INTEGER NOT NULL DEFAULT 0\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE VIRTUAL TABLE members_fts USING fts5(name, handle, specialty, content='members', "
	"content_rowid='id', tokenize='unicode61 remove_diacritics 0');\n"
	"INSERT INTO members_fts (rowid, name, handle, specialty) SELECT id, name, handle, specialty FROM members;\n"
	"CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN\n"
	"  INSERT INTO members_fts (rowid, name, handle, specialty) VALUES (new.id, new.name, new.handle, new.specialty);\n"
	"END;\n"
	"CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN\n"
	"  INSERT INTO members_fts (members_fts, rowid, name, handle, specialty)\n"
	"    VALUES ('delete', old.id, old.name, old.handle, old.specialty);\n"
	"END;\n"
	"CREATE TRIGGER members_fts_update AFTER UPDATE OF name, handle, specialty ON members BEGIN\n"
	"  INSERT INTO members_fts (members_fts, rowid, name, handle, specialty)\n"
	"    VALUES ('delete', old.id, old.name, old.handle, old.specialty);\n"
	"  INSERT INTO members_fts (rowid, name, handle, specialty) VALUES (new.id, new.name, new.handle, new.specialty);\n"
	"END;\n"
	"PRAGMA user_version = 2;\n"),

	/* 3: doctors' verification applications, and the registers imported
	 * from the authorities (rounds register import). */
	MIGRATION("CREATE TABLE verifications (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  authority TEXT NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  reg_name TEXT NOT NULL,\n"
	"  name_key TEXT NOT NULL DEFAULT '',\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),\n"
	"  reason TEXT NOT NULL DEFAULT '',\n"
	"  created_at INTEGER NOT NULL,\n"
	"  decided_at INTEGER,\n"
	"  decided_by INTEGER\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX verifications_one_pending ON verifications(member_id) WHERE status = 'pending';\n"
	"CREATE INDEX verifications_queue ON verifications(status, created_at);\n"
	"CREATE INDEX verifications_number ON verifications(authority, number);\n"
	"CREATE TABLE register_entries (\n"
	"  authority TEXT NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  name_key TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('registered', 'erased', 'suspended')),\n"
	"  imported_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (authority, number)\n"
	") STRICT, WITHOUT ROWID;\n"
	"PRAGMA user_version = 3;\n"),

	/* 4: connections between members: a request, then accepted (a
	 * declined or withdrawn request, or a removed connection, is deleted).
	 * One row per pair, whichever way it was asked. */
	MIGRATION("CREATE TABLE connections (\n"
	"  requester INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  addressee INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted')),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  accepted_at INTEGER,\n"
	"  PRIMARY KEY (requester, addressee),\n"
	"  CHECK (requester <> addressee)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE UNIQUE INDEX connections_pair ON connections (min(requester, addressee), max(requester, addressee));\n"
	"CREATE INDEX connections_addressee ON connections (addressee, status);\n"
	"PRAGMA user_version = 4;\n"),

	/* 5: private messages (conversations, their members and messages),
	 * blocks between members, and reports of messages to the editors.
	 * conversation_members.unread is kept by the writes (a message adds
	 * one for every other current member; reading sets it to 0), so the
	 * unread total of a member is a sum over their few rows. */
	MIGRATION("CREATE TABLE conversations (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  subject TEXT NOT NULL DEFAULT '',\n"
	"  created_by INTEGER NOT NULL REFERENCES members(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  last_message_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE conversation_members (\n"
	"  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  joined_at INTEGER NOT NULL,\n"
	"  unread INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),\n"
	"  muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),\n"
	"  left_at INTEGER,\n"
	"  PRIMARY KEY (conversation_id, member_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX conversation_members_member ON conversation_members(member_id, conversation_id);\n"
	"CREATE TABLE messages (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,\n"
	"  author_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  body TEXT NOT NULL,\n"
	"  body_html TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  removed_at INTEGER,\n"
	"  removed_by INTEGER\n"
	") STRICT;\n"
	"CREATE INDEX messages_conversation ON messages(conversation_id, id);\n"
	"CREATE TABLE blocks (\n"
	"  blocker INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  blocked INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (blocker, blocked),\n"
	"  CHECK (blocker <> blocked)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX blocks_blocked ON blocks(blocked, blocker);\n"
	"CREATE TABLE message_reports (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,\n"
	"  reporter INTEGER NOT NULL REFERENCES members(id),\n"
	"  reason TEXT NOT NULL,\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'removed')),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  created_at INTEGER NOT NULL,\n"
	"  decided_at INTEGER,\n"
	"  decided_by INTEGER\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX message_reports_once ON message_reports(message_id, reporter);\n"
	"CREATE INDEX message_reports_queue ON message_reports(status, id);\n"
	"PRAGMA user_version = 5;\n"),

	/* 6: account deletion: a deleted member's row stays (what they wrote
	 * points at it) with its personal data erased. */
	MIGRATION("ALTER TABLE members ADD COLUMN deleted_at INTEGER;\n"
	"PRAGMA user_version = 6;\n"),

	/* 7: uploaded files, content-addressed: a row per distinct file, whose
	 * bytes are on disk in PATH.files/ (sqlite_files.c; PostgreSQL keeps
	 * them in the row); and a verification application's supporting
	 * document: the upload's sha256 ('' for none), its type, and the file
	 * name the member gave. */
	MIGRATION("CREATE TABLE uploads (\n"
	"  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),\n"
	"  mime TEXT NOT NULL,\n"
	"  size INTEGER NOT NULL CHECK (size >= 0),\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT, WITHOUT ROWID;\n"
	"ALTER TABLE verifications ADD COLUMN document TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE verifications ADD COLUMN document_type TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE verifications ADD COLUMN document_name TEXT NOT NULL DEFAULT '';\n"
	"PRAGMA user_version = 7;\n"),

	/* 8: forums.  Sections are fixed; the forums are seeded (forum_seed.h,
	 * the same INSERT on both backends).  Counts on forums and topics are
	 * kept by the writes; deleting a topic or post is soft (deleted_at),
	 * so what refers to it stays whole.  A champion acts in a forum with a
	 * row here and the ROLE_CHAMPION bit on the member.  A member has one
	 * read mark per topic (the last post id they read) and at most one
	 * open flag per post. */
	MIGRATION("CREATE TABLE forums (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  slug TEXT NOT NULL COLLATE NOCASE UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  section TEXT NOT NULL CHECK (section IN ('open_clinical', 'closed_clinical', 'off_duty')),\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),\n"
	"  topic_count INTEGER NOT NULL DEFAULT 0,\n"
	"  post_count INTEGER NOT NULL DEFAULT 0,\n"
	"  last_post_at INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n",
	FORUM_SEED,
	"CREATE TABLE forum_champions (\n"
	"  forum_id INTEGER NOT NULL REFERENCES forums(id),\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (forum_id, member_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX forum_champions_member ON forum_champions (member_id, forum_id);\n"
	"CREATE TABLE topics (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  forum_id INTEGER NOT NULL REFERENCES forums(id),\n"
	"  author_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  title TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  last_post_at INTEGER NOT NULL,\n"
	"  last_post_id INTEGER NOT NULL DEFAULT 0,\n"
	"  reply_count INTEGER NOT NULL DEFAULT 0,\n"
	"  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),\n"
	"  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),\n"
	"  deleted_at INTEGER,\n"
	"  deleted_by INTEGER\n"
	") STRICT;\n"
	"CREATE INDEX topics_forum ON topics (forum_id, pinned, last_post_at);\n"
	"CREATE INDEX topics_latest ON topics (last_post_at);\n"
	"CREATE INDEX topics_author ON topics (author_id, id);\n"
	"CREATE TABLE posts (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  topic_id INTEGER NOT NULL REFERENCES topics(id),\n"
	"  author_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  number INTEGER NOT NULL,\n"
	"  body TEXT NOT NULL,\n"
	"  body_html TEXT NOT NULL,\n"
	"  confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  edited_at INTEGER NOT NULL DEFAULT 0,\n"
	"  edit_count INTEGER NOT NULL DEFAULT 0,\n"
	"  like_count INTEGER NOT NULL DEFAULT 0,\n"
	"  pick INTEGER NOT NULL DEFAULT 0 CHECK (pick IN (0, 1)),\n"
	"  hidden_at INTEGER,\n"
	"  hidden_by INTEGER,\n"
	"  deleted_at INTEGER,\n"
	"  deleted_by INTEGER\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX posts_topic ON posts (topic_id, number);\n"
	"CREATE INDEX posts_author ON posts (author_id, id);\n",
	"CREATE TABLE post_edits (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  post_id INTEGER NOT NULL REFERENCES posts(id),\n"
	"  editor_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  body TEXT NOT NULL,\n" /* the text before this edit */
	"  edited_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX post_edits_post ON post_edits (post_id, id);\n"
	"CREATE TABLE post_likes (\n"
	"  post_id INTEGER NOT NULL REFERENCES posts(id),\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (post_id, member_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE topic_reads (\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  topic_id INTEGER NOT NULL REFERENCES topics(id),\n"
	"  last_post_id INTEGER NOT NULL,\n"
	"  read_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (member_id, topic_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE topic_watches (\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  topic_id INTEGER NOT NULL REFERENCES topics(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (member_id, topic_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX topic_watches_topic ON topic_watches (topic_id, member_id);\n",
	/* actor_id 0: nobody in particular, so no foreign key. */
	"CREATE TABLE notifications (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('reply', 'mention', 'like', 'moderation')),\n"
	"  actor_id INTEGER NOT NULL DEFAULT 0,\n"
	"  topic_id INTEGER NOT NULL REFERENCES topics(id),\n"
	"  post_id INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  read_at INTEGER\n"
	") STRICT;\n"
	"CREATE INDEX notifications_member ON notifications (member_id, id);\n"
	"CREATE INDEX notifications_unread ON notifications (member_id) WHERE read_at IS NULL;\n"
	"CREATE TABLE flags (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  post_id INTEGER NOT NULL REFERENCES posts(id),\n"
	"  reporter INTEGER NOT NULL REFERENCES members(id),\n"
	"  reason TEXT NOT NULL CHECK (reason IN ('patient_identifiers', 'abuse', 'spam', 'misinformation', 'other')),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'hidden', 'deleted')),\n"
	"  decision_note TEXT NOT NULL DEFAULT '',\n"
	"  created_at INTEGER NOT NULL,\n"
	"  decided_at INTEGER,\n"
	"  decided_by INTEGER\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX flags_open_once ON flags (post_id, reporter) WHERE status = 'open';\n"
	"CREATE INDEX flags_queue ON flags (status, id);\n"
	"CREATE INDEX audit_log_action ON audit_log (action, id);\n"
	"PRAGMA user_version = 8;\n"),

	/* 9: polls, post images, and the editors' list of confirmed posts.  A
	 * topic has at most one poll (keyed by the topic), written with the
	 * topic; its options are numbered from 0 in the order shown.  A vote
	 * is a row per option chosen; the counts on options and polls move
	 * in the vote's transaction.  Votes name their topic too, so "has
	 * this member voted" is one index probe; a deleted member's votes
	 * stay (they are counts).  A post's image is an upload's sha256, or
	 * ''.  The confirmed posts are few: a partial index holds them. */
	MIGRATION("ALTER TABLE posts ADD COLUMN image TEXT NOT NULL DEFAULT '';\n"
	"CREATE TABLE polls (\n"
	"  topic_id INTEGER PRIMARY KEY REFERENCES topics(id),\n"
	"  question TEXT NOT NULL,\n"
	"  multiple INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),\n"
	"  closes_at INTEGER NOT NULL DEFAULT 0,\n" /* 0: never */
	"  voters INTEGER NOT NULL DEFAULT 0\n"
	") STRICT;\n"
	"CREATE TABLE poll_options (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  topic_id INTEGER NOT NULL REFERENCES polls(topic_id),\n"
	"  position INTEGER NOT NULL,\n"
	"  label TEXT NOT NULL,\n"
	"  votes INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (topic_id, position)\n"
	") STRICT;\n"
	"CREATE TABLE poll_votes (\n"
	"  topic_id INTEGER NOT NULL,\n"
	"  option_id INTEGER NOT NULL REFERENCES poll_options(id),\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (option_id, member_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX poll_votes_member ON poll_votes (topic_id, member_id);\n"
	"CREATE INDEX posts_confirmed ON posts (confirmed, id) WHERE confirmed = 1;\n"
	"PRAGMA user_version = 9;\n"),

	/* 10: private groups.  A group's forum is in section 'group', so the
	 * forums table is rebuilt with the wider check (SQLite cannot alter
	 * one; sq_migrate runs every step with foreign keys off and checks
	 * them before it commits).  groups is keyed by its forum's id; a
	 * member's place in it is a row of group_members; an invitation is to
	 * a member, or to an email address (lower case) until someone holding
	 * it answers.  At most one pending invitation per member or address
	 * and group, and one owner per group (unique indexes). */
	MIGRATION("CREATE TABLE forums_new (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  slug TEXT NOT NULL COLLATE NOCASE UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  section TEXT NOT NULL CHECK (section IN ('open_clinical', 'closed_clinical', 'off_duty', 'group')),\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),\n"
	"  topic_count INTEGER NOT NULL DEFAULT 0,\n"
	"  post_count INTEGER NOT NULL DEFAULT 0,\n"
	"  last_post_at INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"INSERT INTO forums_new (id, slug, name, description, section, position, archived, topic_count, post_count,\n"
	"  last_post_at, created_at) SELECT id, slug, name, description, section, position, archived, topic_count,\n"
	"  post_count, last_post_at, created_at FROM forums;\n"
	"DROP TABLE forums;\n"
	"ALTER TABLE forums_new RENAME TO forums;\n",
	"CREATE TABLE groups (\n"
	"  forum_id INTEGER PRIMARY KEY REFERENCES forums(id),\n"
	"  requester_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  audience TEXT NOT NULL DEFAULT '',\n"
	"  clinical INTEGER NOT NULL DEFAULT 0 CHECK (clinical IN (0, 1)),\n"
	"  status TEXT NOT NULL DEFAULT 'pending'\n"
	"    CHECK (status IN ('pending', 'declined', 'active', 'archived', 'suspended')),\n"
	"  reason TEXT NOT NULL DEFAULT '',\n"
	"  decided_by INTEGER NOT NULL DEFAULT 0,\n"
	"  decided_at INTEGER NOT NULL DEFAULT 0,\n"
	"  member_count INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX groups_status ON groups (status, created_at);\n"
	"CREATE INDEX groups_requester ON groups (requester_id);\n"
	"CREATE TABLE group_members (\n"
	"  group_id INTEGER NOT NULL REFERENCES groups(forum_id),\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  role TEXT NOT NULL CHECK (role IN ('member', 'coowner', 'owner')),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (group_id, member_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX group_members_member ON group_members (member_id, group_id);\n"
	"CREATE UNIQUE INDEX group_members_owner ON group_members (group_id) WHERE role = 'owner';\n"
	"CREATE TABLE group_invitations (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  group_id INTEGER NOT NULL REFERENCES groups(forum_id),\n"
	"  member_id INTEGER REFERENCES members(id),\n" /* NULL: to `email` */
	"  email TEXT NOT NULL DEFAULT '',\n"
	"  inviter_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  status TEXT NOT NULL DEFAULT 'pending'\n"
	"    CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  decided_at INTEGER NOT NULL DEFAULT 0,\n"
	"  CHECK ((member_id IS NULL) <> (email = ''))\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX group_invitations_member ON group_invitations (group_id, member_id)\n"
	"  WHERE status = 'pending' AND member_id IS NOT NULL;\n"
	"CREATE UNIQUE INDEX group_invitations_email ON group_invitations (group_id, email)\n"
	"  WHERE status = 'pending' AND member_id IS NULL;\n"
	"CREATE INDEX group_invitations_to ON group_invitations (member_id, status);\n"
	"CREATE INDEX group_invitations_address ON group_invitations (email, status) WHERE member_id IS NULL;\n"
	"CREATE INDEX group_invitations_group ON group_invitations (group_id, status);\n"
	"PRAGMA user_version = 10;\n"),

	/* 11: blogs.  A blog's forum is in section 'blog', so the forums
	 * table is rebuilt once more, as migration 10 did, with the wider
	 * check.  blogs is keyed by its forum's id, one per owner; a member
	 * has at most one pending application (unique index).  A post is a
	 * row of its own, its slug unique in its blog; topic_id names its
	 * comments topic (made when first published, unique).  Tags and
	 * shares are rows keyed by the post; a revision keeps the title,
	 * summary and body an edit replaced. */
	MIGRATION("CREATE TABLE forums_new (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  slug TEXT NOT NULL COLLATE NOCASE UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  section TEXT NOT NULL\n"
	"    CHECK (section IN ('open_clinical', 'closed_clinical', 'off_duty', 'group', 'blog')),\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),\n"
	"  topic_count INTEGER NOT NULL DEFAULT 0,\n"
	"  post_count INTEGER NOT NULL DEFAULT 0,\n"
	"  last_post_at INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"INSERT INTO forums_new (id, slug, name, description, section, position, archived, topic_count, post_count,\n"
	"  last_post_at, created_at) SELECT id, slug, name, description, section, position, archived, topic_count,\n"
	"  post_count, last_post_at, created_at FROM forums;\n"
	"DROP TABLE forums;\n"
	"ALTER TABLE forums_new RENAME TO forums;\n",
	"CREATE TABLE blogs (\n"
	"  forum_id INTEGER PRIMARY KEY REFERENCES forums(id),\n"
	"  owner_id INTEGER NOT NULL UNIQUE REFERENCES members(id),\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE blogger_applications (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  blog_title TEXT NOT NULL,\n"
	"  about TEXT NOT NULL DEFAULT '',\n"
	"  sample TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),\n"
	"  reason TEXT NOT NULL DEFAULT '',\n"
	"  decided_by INTEGER NOT NULL DEFAULT 0,\n"
	"  decided_at INTEGER NOT NULL DEFAULT 0,\n"
	"  blog_id INTEGER REFERENCES blogs(forum_id),\n" /* NULL until approved */
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX blogger_applications_pending ON blogger_applications (member_id)\n"
	"  WHERE status = 'pending';\n"
	"CREATE INDEX blogger_applications_status ON blogger_applications (status, created_at);\n"
	"CREATE INDEX blogger_applications_member ON blogger_applications (member_id, created_at);\n",
	"CREATE TABLE blog_posts (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  blog_id INTEGER NOT NULL REFERENCES blogs(forum_id),\n"
	"  author_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  slug TEXT NOT NULL COLLATE NOCASE,\n"
	"  title TEXT NOT NULL,\n"
	"  summary TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n"
	"  body_html TEXT NOT NULL DEFAULT '',\n"
	"  cover TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),\n"
	"  publish_at INTEGER NOT NULL DEFAULT 0,\n"
	"  published_at INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  edit_count INTEGER NOT NULL DEFAULT 0,\n"
	"  topic_id INTEGER UNIQUE REFERENCES topics(id),\n"
	"  featured_at INTEGER NOT NULL DEFAULT 0,\n"
	"  featured_by INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (blog_id, slug)\n"
	") STRICT;\n"
	"CREATE INDEX blog_posts_public ON blog_posts (published_at, id) WHERE status = 'published';\n"
	"CREATE INDEX blog_posts_blog ON blog_posts (blog_id, status, published_at);\n"
	"CREATE INDEX blog_posts_due ON blog_posts (publish_at) WHERE status = 'scheduled';\n"
	"CREATE INDEX blog_posts_featured ON blog_posts (featured_at, id) WHERE featured_at > 0;\n"
	"CREATE TABLE blog_post_tags (\n"
	"  post_id INTEGER NOT NULL REFERENCES blog_posts(id),\n"
	"  tag TEXT NOT NULL,\n"
	"  PRIMARY KEY (post_id, tag)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX blog_post_tags_tag ON blog_post_tags (tag, post_id);\n"
	"CREATE TABLE blog_post_revisions (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  post_id INTEGER NOT NULL REFERENCES blog_posts(id),\n"
	"  title TEXT NOT NULL,\n"
	"  summary TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n"
	"  editor_id INTEGER NOT NULL,\n"
	"  edited_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX blog_post_revisions_post ON blog_post_revisions (post_id, id);\n"
	"CREATE TABLE blog_shares (\n"
	"  post_id INTEGER NOT NULL REFERENCES blog_posts(id),\n"
	"  network TEXT NOT NULL,\n"
	"  shared_by INTEGER NOT NULL,\n"
	"  shared_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (post_id, network)\n"
	") STRICT, WITHOUT ROWID;\n"
	"PRAGMA user_version = 11;\n"),

	/* 12: the e-library.  Items (a resource page or an ebook) in ordered
	 * collections; their files, versioned by slot (0 an ebook's file,
	 * 1.. attachments), each naming a stored upload; downloads counted
	 * per item and UTC day (day = unix time / 86400), the item keeping
	 * its total.  Items are withdrawn (withdrawn_at), never deleted, so
	 * their files and counts stay.  The indexes serve the lists: newest,
	 * most downloaded, a collection's items, an item's collections. */
	MIGRATION("CREATE TABLE library_collections (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  slug TEXT NOT NULL COLLATE NOCASE UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  about TEXT NOT NULL DEFAULT '',\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE library_items (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  slug TEXT NOT NULL COLLATE NOCASE UNIQUE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('page', 'ebook')),\n"
	"  title TEXT NOT NULL,\n"
	"  authors TEXT NOT NULL DEFAULT '',\n"
	"  about TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n"
	"  body_html TEXT NOT NULL DEFAULT '',\n"
	"  access TEXT NOT NULL CHECK (access IN ('public', 'members', 'doctors')),\n"
	"  cover TEXT NOT NULL DEFAULT '' CHECK (cover = '' OR (length(cover) = 64 AND cover NOT GLOB '*[^0-9a-f]*')),\n"
	"  published_on TEXT NOT NULL DEFAULT '' CHECK (published_on = '' OR published_on GLOB "
	"'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  isbn TEXT NOT NULL DEFAULT '' CHECK (isbn = '' OR (length(isbn) = 13 AND isbn NOT GLOB '*[^0-9]*') OR "
	"(length(isbn) = 10 AND substr(isbn, 1, 9) NOT GLOB '*[^0-9]*' AND substr(isbn, 10) GLOB '[0-9X]')),\n"
	"  withdrawn_at INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn_at >= 0),\n"
	"  downloads INTEGER NOT NULL DEFAULT 0 CHECK (downloads >= 0),\n"
	"  created_by INTEGER NOT NULL REFERENCES members(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX library_items_newest ON library_items (created_at, id);\n"
	"CREATE INDEX library_items_downloads ON library_items (downloads, created_at, id);\n",
	"CREATE TABLE library_item_collections (\n"
	"  item_id INTEGER NOT NULL REFERENCES library_items(id),\n"
	"  collection_id INTEGER NOT NULL REFERENCES library_collections(id),\n"
	"  PRIMARY KEY (collection_id, item_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX library_item_collections_item ON library_item_collections (item_id, collection_id);\n"
	"CREATE TABLE library_files (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  item_id INTEGER NOT NULL REFERENCES library_items(id),\n"
	"  slot INTEGER NOT NULL CHECK (slot >= 0),\n"
	"  version INTEGER NOT NULL CHECK (version >= 1),\n"
	"  name TEXT NOT NULL,\n"
	"  sha256 TEXT NOT NULL REFERENCES uploads(sha256),\n"
	"  mime TEXT NOT NULL,\n"
	"  size INTEGER NOT NULL CHECK (size >= 0),\n"
	"  created_by INTEGER NOT NULL REFERENCES members(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  UNIQUE (item_id, slot, version)\n"
	") STRICT;\n"
	"CREATE INDEX library_files_sha256 ON library_files (sha256);\n"
	"CREATE TABLE library_downloads (\n"
	"  item_id INTEGER NOT NULL REFERENCES library_items(id),\n"
	"  day INTEGER NOT NULL,\n"
	"  n INTEGER NOT NULL CHECK (n >= 0),\n"
	"  PRIMARY KEY (item_id, day)\n"
	") STRICT, WITHOUT ROWID;\n"
	"PRAGMA user_version = 12;\n"),

	/* 13: search.  An FTS5 index per kind over its table (external
	 * content: the index holds no copy of the text), porter stemming and
	 * diacritics folded, kept in step by triggers in the writer's
	 * transaction.  The update triggers fire on the indexed columns only:
	 * topics and forums are updated on every reply for their counts, and
	 * those updates must not touch the index.  (A step that rebuilds one
	 * of these tables, as 10 and 11 did forums, must make its triggers
	 * again.)  members_fts (migration 2) serves the members. */
	MIGRATION(FTS_INDEX("topics_fts", "topics", "title", "new.title", "old.title")
		  FTS_INDEX("posts_fts", "posts", "body", "new.body", "old.body"),
		  FTS_INDEX("blog_posts_fts", "blog_posts", "title, summary, body",
			    "new.title, new.summary, new.body", "old.title, old.summary, old.body"),
		  FTS_INDEX("library_fts", "library_items", "title, authors, about, body",
			    "new.title, new.authors, new.about, new.body", "old.title, old.authors, old.about, old.body"),
		  FTS_INDEX("forums_fts", "forums", "name, description", "new.name, new.description",
			    "old.name, old.description")
		  FTS_INDEX("messages_fts", "messages", "body", "new.body", "old.body")
	"PRAGMA user_version = 13;\n"),

	/* 14: the mail queue.  Every message is a row: queued (due at
	 * next_at), sending (claimed by a sender until lease_until; next_at
	 * is set to the same time, so one index finds both the due and the
	 * abandoned), then sent, bounced (the relay refused it for good),
	 * failed (too many attempts) or suppressed (its address bounces).
	 * member_id 0 is an address that is no member's.  mail_bounces holds
	 * addresses (ASCII lower-cased) that get nothing more; mail_prefs a
	 * member's mode per kind (a kind not set has its default); mail_marks
	 * named numbers (cursors, last-sent times) moved by compare-and-set.
	 * The fan-out cursors start at the newest events, so history from
	 * before mail is never mailed; and indexes for the fan-out and the
	 * digests (helper mail-notify). */
	MIGRATION("CREATE TABLE mail_queue (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  member_id INTEGER NOT NULL DEFAULT 0,\n"
	"  address TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('account', 'reply', 'mention', 'message', 'invitation', 'decision', "
	"'digest')),\n"
	"  subject TEXT NOT NULL,\n"
	"  body_text TEXT NOT NULL,\n"
	"  body_html TEXT NOT NULL DEFAULT '',\n"
	"  unsubscribe TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'bounced', 'failed', "
	"'suppressed')),\n"
	"  attempts INTEGER NOT NULL DEFAULT 0,\n"
	"  next_at INTEGER NOT NULL,\n"
	"  lease_until INTEGER NOT NULL DEFAULT 0,\n"
	"  last_error TEXT NOT NULL DEFAULT '',\n"
	"  created_at INTEGER NOT NULL,\n"
	"  sent_at INTEGER NOT NULL DEFAULT 0\n"
	") STRICT;\n"
	"CREATE INDEX mail_queue_due ON mail_queue (next_at) WHERE status IN ('queued', 'sending');\n"
	"CREATE INDEX mail_queue_member ON mail_queue (member_id, created_at);\n"
	"CREATE INDEX mail_queue_done ON mail_queue (created_at) WHERE status IN ('sent', 'bounced', 'failed', 'suppressed');\n"
	"CREATE TABLE mail_bounces (\n"
	"  address_lower TEXT PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  detail TEXT NOT NULL DEFAULT ''\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE mail_prefs (\n"
	"  member_id INTEGER NOT NULL REFERENCES members(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('reply', 'mention', 'message', 'invitation', 'decision')),\n"
	"  mode TEXT NOT NULL CHECK (mode IN ('immediate', 'daily', 'weekly', 'never')),\n"
	"  PRIMARY KEY (member_id, kind)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE mail_marks (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value INTEGER NOT NULL\n"
	") STRICT, WITHOUT ROWID;\n",
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
	"INSERT INTO mail_marks (key, value) SELECT 'fanout:invitation', COALESCE(MAX(id), 0) FROM group_invitations;\n"
	"PRAGMA user_version = 14;\n"),

	/* 15: page views and the editors' dashboard (helper dash-store).
	 * page_views counts views per UTC day and bucket ("home",
	 * "forums:open_clinical", ...); page_view_items per month (the day
	 * number of its first day), kind and item, its index giving a month's
	 * most viewed of a kind in order.  Unique signed-in readers: each day
	 * has a row with a random salt while it is open; readers are 16-byte
	 * hashes keyed by it, a row each; when the day closes, its count is
	 * kept in `readers`, its reader rows are deleted and its salt set to
	 * NULL, so no one can tell afterwards who read.  No member id and no
	 * address is stored.  members.verified_at: when a verified member
	 * became so (0 when not verified), backfilled from their latest
	 * approved application, else their joining. */
	MIGRATION("CREATE TABLE page_views (\n"
	"  day INTEGER NOT NULL CHECK (day >= 0),\n"
	"  bucket TEXT NOT NULL,\n"
	"  views INTEGER NOT NULL CHECK (views >= 0),\n"
	"  PRIMARY KEY (day, bucket)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE page_view_items (\n"
	"  month INTEGER NOT NULL CHECK (month >= 0),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('topic', 'blog_post', 'library_item')),\n"
	"  item_id INTEGER NOT NULL,\n"
	"  views INTEGER NOT NULL CHECK (views >= 0),\n"
	"  PRIMARY KEY (month, kind, item_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX page_view_items_top ON page_view_items (month, kind, views DESC, item_id);\n"
	"CREATE TABLE page_view_days (\n"
	"  day INTEGER PRIMARY KEY CHECK (day >= 0),\n"
	"  salt BLOB CHECK (salt IS NULL OR length(salt) = 32),\n" /* NULL: the day is closed */
	"  readers INTEGER NOT NULL DEFAULT 0 CHECK (readers >= 0)\n"
	") STRICT;\n"
	"CREATE TABLE page_view_readers (\n"
	"  day INTEGER NOT NULL,\n"
	"  reader BLOB NOT NULL CHECK (length(reader) = 16),\n"
	"  PRIMARY KEY (day, reader)\n"
	") STRICT, WITHOUT ROWID;\n"
	"ALTER TABLE members ADD COLUMN verified_at INTEGER NOT NULL DEFAULT 0;\n"
	"UPDATE members SET verified_at = coalesce((SELECT v.decided_at FROM verifications v\n"
	"  WHERE v.member_id = members.id AND v.status = 'approved' AND v.decided_at > 0 ORDER BY v.id DESC LIMIT 1),\n"
	"  created_at) WHERE verified = 1;\n"
	"CREATE INDEX members_verified_at ON members (verified_at) WHERE verified = 1;\n"
	"CREATE INDEX members_created ON members (created_at);\n"
	"PRAGMA user_version = 15;\n"),
	/* 16: the words of the search indexes that grow large (topics,
	 * posts, messages), for prefix search (sqlite_terms.h): each token as
	 * the index holds it and a word as written that makes it, filled by
	 * rounds_terms() from every row there is and then by triggers in the
	 * writer's transaction.  A word never leaves: one that no row has any
	 * more only widens a prefix search by a word that matches nothing.
	 * Named *_fts_* as the engine's own, as the FTS5 tables are. */
	MIGRATION("CREATE TABLE search_fts_terms (\n"
	"  term TEXT PRIMARY KEY,\n"
	"  word TEXT NOT NULL\n"
	") STRICT, WITHOUT ROWID;\n"
	TERMS_INDEX("topics", "title")
	TERMS_INDEX("posts", "body")
	TERMS_INDEX("messages", "body")
	"PRAGMA user_version = 16;\n"),
	/* 17: a post's notifications.  Each reply asks, for every watcher,
	 * whether they were told of it as a mention already (and a mention
	 * or a like, whether it was told before); through notifications_member
	 * that read all of the member's notifications, so replies slowed as
	 * notifications piled up (bench/writes.mjs). */
	MIGRATION("CREATE INDEX notifications_post ON notifications (post_id, member_id);\n"
	"PRAGMA user_version = 17;\n"),
	/* 18: blog comments searchable.  posts.blog_comment marks a comment:
	 * a reply (number 2 on) in a blog post's topic, set when it is
	 * written (SQ_POST_INSERT) and never changed, since no topic moves
	 * into or out of a blog's forum and no post moves between topics;
	 * filled here from the comments there are.  blog_comments_fts indexes
	 * those alone (their view blog_comment_bodies is its content), so a
	 * search for comments walks no forum post; its triggers fire for
	 * comments only.  Their words are in search_fts_terms already, as
	 * every post's are (16). */
	MIGRATION("ALTER TABLE posts ADD COLUMN blog_comment INTEGER NOT NULL DEFAULT 0 "
	"CHECK (blog_comment IN (0, 1));\n"
	"UPDATE posts SET blog_comment = 1 WHERE number > 1 AND topic_id IN (SELECT t.id FROM topics t\n"
	"  JOIN forums f ON f.id = t.forum_id WHERE f.section = 'blog');\n"
	"CREATE VIEW blog_comment_bodies AS SELECT id, body FROM posts WHERE blog_comment = 1;\n"
	"CREATE VIRTUAL TABLE blog_comments_fts USING fts5(body, content='blog_comment_bodies', content_rowid='id', "
	"tokenize='porter unicode61 remove_diacritics 2');\n"
	"INSERT INTO blog_comments_fts (blog_comments_fts) VALUES ('rebuild');\n"
	"CREATE TRIGGER blog_comments_fts_insert AFTER INSERT ON posts WHEN new.blog_comment = 1 BEGIN\n"
	"  INSERT INTO blog_comments_fts (rowid, body) VALUES (new.id, new.body);\n"
	"END;\n"
	"CREATE TRIGGER blog_comments_fts_delete AFTER DELETE ON posts WHEN old.blog_comment = 1 BEGIN\n"
	"  INSERT INTO blog_comments_fts (blog_comments_fts, rowid, body) VALUES ('delete', old.id, old.body);\n"
	"END;\n"
	"CREATE TRIGGER blog_comments_fts_update AFTER UPDATE OF body ON posts WHEN old.blog_comment = 1 BEGIN\n"
	"  INSERT INTO blog_comments_fts (blog_comments_fts, rowid, body) VALUES ('delete', old.id, old.body);\n"
	"  INSERT INTO blog_comments_fts (rowid, body) VALUES (new.id, new.body);\n"
	"END;\n"
	"PRAGMA user_version = 18;\n"),
	/* 19: the unread notifications counted from their index alone.  The
	 * partial index held member_id only, and SQLite read each row of the
	 * table to test read_at IS NULL again; every signed-in page counts
	 * them (SQ_SESSION_MEMBER).  PostgreSQL knows its partial index's
	 * predicate holds and needs no change. */
	MIGRATION("DROP INDEX notifications_unread;\n"
	"CREATE INDEX notifications_unread ON notifications (member_id, read_at) WHERE read_at IS NULL;\n"
	"PRAGMA user_version = 19;\n"),
	/* 20: PostgreSQL's word pairs for phrases (post_pairs); FTS5 keeps
	 * the words' positions in its own index and finds a phrase there, so
	 * here the number alone moves, and the two schemas' versions stay
	 * the same. */
	MIGRATION("PRAGMA user_version = 20;\n"),
	/* 21: what tells a node's cache of topic pages (page_cache.c) that
	 * a page it keeps is out of date.  topics.version moves on (from 1)
	 * with every change to one of the topic's posts: a reply, an edit, a
	 * like counted, a deletion, a hide, a pick.  cache_versions.authors
	 * moves on with every change to what a post shows of its author:
	 * name, handle, verification, roles (and so the badges), erasure,
	 * and champions added or taken away; these are rare, and one number
	 * for the whole site keeps the check to the topic's own row.  Kept by
	 * triggers, so every writer (the server, the command line, another
	 * node) moves them in its own transaction. */
	MIGRATION("ALTER TABLE topics ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);\n"
	"CREATE TABLE cache_versions (\n"
	"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	"  authors INTEGER NOT NULL\n"
	") STRICT;\n"
	"INSERT INTO cache_versions VALUES (1, 1);\n"
	"CREATE TRIGGER posts_version_insert AFTER INSERT ON posts BEGIN\n"
	"  UPDATE topics SET version = version + 1 WHERE id = new.topic_id;\n"
	"END;\n"
	"CREATE TRIGGER posts_version_update AFTER UPDATE ON posts BEGIN\n"
	"  UPDATE topics SET version = version + 1 WHERE id IN (old.topic_id, new.topic_id);\n"
	"END;\n"
	"CREATE TRIGGER posts_version_delete AFTER DELETE ON posts BEGIN\n"
	"  UPDATE topics SET version = version + 1 WHERE id = old.topic_id;\n"
	"END;\n"
	"CREATE TRIGGER members_authors_version AFTER UPDATE OF name, handle, verified, roles, deleted_at ON members\n"
	"  WHEN old.name IS NOT new.name OR old.handle IS NOT new.handle OR old.verified IS NOT new.verified\n"
	"    OR old.roles IS NOT new.roles OR old.deleted_at IS NOT new.deleted_at BEGIN\n"
	"  UPDATE cache_versions SET authors = authors + 1;\n"
	"END;\n"
	"CREATE TRIGGER champions_authors_insert AFTER INSERT ON forum_champions BEGIN\n"
	"  UPDATE cache_versions SET authors = authors + 1;\n"
	"END;\n"
	"CREATE TRIGGER champions_authors_delete AFTER DELETE ON forum_champions BEGIN\n"
	"  UPDATE cache_versions SET authors = authors + 1;\n"
	"END;\n"
	"PRAGMA user_version = 21;\n"),
	/* 22: the unread messages every signed-in page counts
	 * (SQ_SESSION_MEMBER).  The count read each of the member's
	 * conversations from the table, one seek each: 190,000 instructions
	 * a page for the generated site's doctor in 100 conversations, twice
	 * that in 200.  This index holds only the conversations with unread
	 * messages, with every column the count reads (SQLite does not drop
	 * a term the index's WHERE implies, so left_at and muted are in it
	 * for the index to cover the count). */
	MIGRATION("CREATE INDEX conversation_members_unread ON conversation_members (member_id, unread, left_at, muted)\n"
	"  WHERE unread > 0 AND left_at IS NULL AND muted = 0;\n"
	"PRAGMA user_version = 22;\n"),
	/* 23: a forum's page of topics (SQ_TOPIC_LIST) skips its OFFSET in
	 * this index alone: deleted_at is in it, so the live topics are one
	 * range in the order the page shows (the rowid breaking ties). */
	MIGRATION("DROP INDEX topics_forum;\n"
	"CREATE INDEX topics_forum ON topics (forum_id, deleted_at, pinned, last_post_at);\n"
	"PRAGMA user_version = 23;\n"),
	/* 24: the forum index (SQ_FORUM_LIST) reads the three sections of
	 * forums by this index, not every group's and blog's forum: a site
	 * with 400 of those took 0.18 ms a page where 26 forums took 0.08. */
	MIGRATION("CREATE INDEX forums_section ON forums (section);\n"
	"PRAGMA user_version = 24;\n"),
	/* 25: a page of the members directory without words (SQ_DIR_ALL,
	 * SQ_DIR_BY) walks the listed members in its order and stops, by name
	 * or within one specialty, grade or country, where it sorted every
	 * member (300 ms a page at a million members).  Each index holds every
	 * column the filters and counts read (confirmed and suspended too:
	 * SQLite does not drop a term the index's WHERE implies). */
	MIGRATION("CREATE INDEX members_directory ON members (name COLLATE NOCASE, id, country, specialty, grade,\n"
	"  type, confirmed, suspended) WHERE confirmed = 1 AND suspended = 0;\n"
	"CREATE INDEX members_dir_specialty ON members (specialty, name COLLATE NOCASE, id, country, grade,\n"
	"  type, confirmed, suspended) WHERE confirmed = 1 AND suspended = 0;\n"
	"CREATE INDEX members_dir_grade ON members (grade, name COLLATE NOCASE, id, country, specialty,\n"
	"  type, confirmed, suspended) WHERE confirmed = 1 AND suspended = 0;\n"
	"CREATE INDEX members_dir_country ON members (country, name COLLATE NOCASE, id, specialty, grade,\n"
	"  type, confirmed, suspended) WHERE confirmed = 1 AND suspended = 0;\n"
	"PRAGMA user_version = 25;\n"),
	/* 26: PostgreSQL's slices of the posts' word index (posts_search_slices);
	 * FTS5 walks its matches newest first and needs none, so here the
	 * number alone moves. */
	MIGRATION("PRAGMA user_version = 26;\n"),
};

const int sq_migration_count = (int)(sizeof sq_migrations / sizeof sq_migrations[0]);

/* The schema version of the database, inside the current transaction. */
static int user_version(store *s, int *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_USER_VERSION, "migrate");
	if (rc)
		return rc;
	rc = sq_row(&q, false);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = sqlite3_column_int(q.st, 0);
	sq_end(&q);
	return 0;
}

/* Counts the rows PRAGMA foreign_key_check gives. */
static int count_row(void *n, int ncol, char **vals, char **names)
{
	(void)ncol, (void)vals, (void)names;
	++*(int *)n;
	return 0;
}

/* Whether every foreign key holds (steps run with them off, so a table
 * can be rebuilt): 0, or STORE_ERR when any is broken. */
static int foreign_keys_hold(struct sq_conn *c)
{
	int broken = 0;
	if (sqlite3_exec(c->db, "PRAGMA foreign_key_check", count_row, &broken, NULL) != SQLITE_OK || broken) {
		log_error("store_migrate", "broken_foreign_keys=%d err=%s", broken, "\"foreign key check failed\"");
		return STORE_ERR;
	}
	return 0;
}

/* Applies migration `v + 1` if the database is still at `v`, inside the
 * caller's transaction.  Sets *now to the version after. */
static int step(store *s, struct sq_conn *c, int *now)
{
	int v, rc = user_version(s, &v);
	if (rc)
		return rc;
	*now = v;
	if (v > sq_migration_count) {
		log_error("store_migrate", "version=%d known=%d err=%s", v, sq_migration_count,
			  "\"database is newer than this program\"");
		return STORE_ERR;
	}
	if (v == sq_migration_count)
		return 0;
	for (const char *const *text = sq_migrations[v]; *text; text++)
		if (sqlite3_exec(c->db, *text, NULL, NULL, NULL) != SQLITE_OK) {
			struct sq_q q = {.c = c, .op = "migrate", .rc = SQLITE_OK};
			log_error("store_migrate", "migration=%d err=failed", v + 1);
			return sq_err(&q, sqlite3_extended_errcode(c->db), true);
		}
	if ((rc = foreign_keys_hold(c)))
		return rc;
	if ((rc = user_version(s, now)))
		return rc;
	if (*now != v + 1) {
		log_error("store_migrate", "migration=%d version=%d err=%s", v + 1, *now,
			  "\"migration does not set its own user_version\"");
		return STORE_ERR;
	}
	log_info("store_migrate", "migration=%d", *now);
	return 0;
}

/* store_migrate: see store.h. */
int sq_migrate(store *s)
{
	struct sq_conn *c = sq_conn_get(s);
	if (!c)
		return STORE_ERR;
	/* A current schema needs no write lock, so a database opened
	 * read-only (sqlite.c, conn_readonly) starts when it is current; one
	 * that is behind cannot be brought up, and says so. */
	int v = 0, rc = user_version(s, &v);
	if (rc)
		return rc;
	if (v == sq_migration_count)
		return v;
	if (sqlite3_db_readonly(c->db, "main") == 1) {
		log_error("store_migrate", "version=%d known=%d err=%s", v, sq_migration_count,
			  "\"the database is read-only, so its schema cannot be brought to this program's\"");
		return STORE_ERR;
	}
	/* Off outside a transaction (inside, the pragma does nothing), so a
	 * step may rebuild a table others refer to; each step checks them
	 * before it commits, and they are on again whatever happened. */
	if (sqlite3_exec(c->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK)
		return STORE_ERR;
	for (;;) {
		if ((rc = sq_begin(s, "migrate")))
			break;
		if ((rc = sq_finish(s, step(s, c, &v), "migrate")))
			break;
		if (v == sq_migration_count) {
			rc = v;
			break;
		}
	}
	if (sqlite3_exec(c->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
		return STORE_ERR;
	return rc;
}
