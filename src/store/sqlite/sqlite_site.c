/* sqlite_site.c: site settings and the audit log in the SQLite backend.
 *
 * Invariants: a setting, once set, is only ever read back here (init never
 * overwrites); audit rows are only ever appended; a job is claimed by one
 * statement. */
#include "sqlite_int.h"

#include <time.h>

/* store_setting_get: see store.h.  STORE_ENOTFOUND if unset; the value is
 * copied into `a`. */
int sq_setting_get(store *s, arena *a, str key, str *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SETTING_GET, "setting_get");
	if (rc)
		return rc;
	sq_text(&q, 1, key);
	if ((rc = sq_row(&q, false)))
		return rc;
	rc = sq_col_str(&q, a, 0, out);
	sq_end(&q);
	return rc;
}

/* store_setting_init: see store.h.  One statement, so two processes that
 * start at once agree on the value. */
int sq_setting_init(store *s, arena *a, str key, str value, str *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SETTING_INIT, "setting_init");
	if (rc)
		return rc;
	sq_text(&q, 1, key);
	sq_text(&q, 2, value);
	if ((rc = sq_row(&q, true)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	/* Run to the end even when the arena is full: that is the commit. */
	int copied = sq_col_str(&q, a, 0, out);
	rc = sq_exec(&q, false);
	return rc ? rc : copied;
}

/* store_audit: see store.h.  Stamped with the current time. */
int sq_audit(store *s, int64_t actor, str action, str target, str detail)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_AUDIT_INSERT, "audit");
	if (rc)
		return rc;
	sq_int(&q, 1, (int64_t)time(NULL));
	sq_int(&q, 2, actor);
	sq_text(&q, 3, action);
	sq_text(&q, 4, target);
	sq_text(&q, 5, detail);
	return sq_exec(&q, false);
}

/* store_job_claim: see store.h. */
int sq_job_claim(store *s, str name, int64_t now, int64_t every, bool *claimed)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_JOB_CLAIM, "job_claim");
	if (rc)
		return rc;
	sq_text(&q, 1, name);
	sq_int(&q, 2, now);
	sq_int(&q, 3, every);
	rc = sq_row(&q, true);
	if (rc == STORE_ENOTFOUND)
		return 0; /* not due */
	if (rc)
		return rc;
	*claimed = true;
	/* RETURNING writes when the statement runs to its end. */
	return sq_exec(&q, false);
}
