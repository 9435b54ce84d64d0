/* pg_site.c: site settings, the audit log and scheduled jobs in the
 * PostgreSQL backend, call for call as sqlite_site.c.
 *
 * Invariants: a setting, once set, is only read back (init never
 * overwrites); audit rows are only appended; a job is claimed by one
 * statement, so one node in the cluster wins each period. */
#include "pg_int.h"

#include <time.h>

/* store_setting_get: see store.h. */
int pg_setting_get(store *s, arena *a, str key, str *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SETTING_GET, "setting_get");
	if (rc)
		return rc;
	pg_text(&q, 1, key);
	if ((rc = pg_row(&q)))
		return rc;
	rc = pg_col_str(&q, a, 0, 0, out);
	pg_end(&q);
	return rc;
}

/* store_setting_init: see store.h.  One statement, so nodes that start at
 * once agree on the value. */
int pg_setting_init(store *s, arena *a, str key, str value, str *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SETTING_INIT, "setting_init");
	if (rc)
		return rc;
	pg_text(&q, 1, key);
	pg_text(&q, 2, value);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	rc = pg_col_str(&q, a, 0, 0, out);
	pg_end(&q);
	return rc;
}

/* store_audit: see store.h.  Stamped with the current time. */
int pg_audit(store *s, int64_t actor, str action, str target, str detail)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_AUDIT_INSERT, "audit");
	if (rc)
		return rc;
	pg_int(&q, 1, (int64_t)time(NULL));
	pg_int(&q, 2, actor);
	pg_text(&q, 3, action);
	pg_text(&q, 4, target);
	pg_text(&q, 5, detail);
	return pg_exec(&q, false);
}

/* store_job_claim: see store.h. */
int pg_job_claim(store *s, str name, int64_t now, int64_t every, bool *claimed)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_JOB_CLAIM, "job_claim");
	if (rc)
		return rc;
	pg_text(&q, 1, name);
	pg_int(&q, 2, now);
	pg_int(&q, 3, every);
	rc = pg_row(&q);
	if (rc == STORE_ENOTFOUND)
		return 0; /* not due: another node has it */
	if (rc)
		return rc;
	*claimed = true;
	pg_end(&q);
	return 0;
}
