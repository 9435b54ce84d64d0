/* reader.c: the policy's view of a member, made in one place for every
 * path that asks on a member's behalf: a signed-in request (dispatch.c)
 * and mail sent to them (notify_mail.c asks at send time whether the
 * recipient may still see what an email is about). */
#include "policy.h"

#include "../store/store.h"

struct policy_reader policy_reader_of(const struct store_member *m)
{
	return (struct policy_reader){
		.id = m->id,
		.roles = m->roles,
		.signed_in = true,
		.confirmed = m->confirmed,
		.verified = m->verified,
		.suspended = m->suspended,
		.doctor = str_eq(m->type, S("doctor")),
	};
}
