/* admin model: the rules of a new account and of a role membership. Pure. */
#include <string.h>

#include "auth/admin.h"
#include "auth/users.h"
#include "base/str.h"
#include "http/i18n.h"

void users_input_normalise(arena *a, users_input *in)
{
    if (in->name) in->name = str_trim(a, in->name);
    if (in->email) {
        char *e = str_trim(a, in->email);
        if (e) str_lower(e);
        in->email = e;
    }
    if (in->lang && !*in->lang) in->lang = NULL;
}

int users_role_check(const char *role, int64_t org_id, api_errors *e)
{
    if (!role || !*role) {
        api_errors_add(e, "role", MSG_USERS_ROLE_REQUIRED);
        return API_EINVALID;
    }
    auth_role r = auth_role_parse(role);
    if (r == ROLE_COUNT) {
        api_errors_add(e, "role", MSG_USERS_ROLE_INVALID);
        return API_EINVALID;
    }
    if (r == ROLE_PARTICIPANT && org_id) {
        api_errors_add(e, "org_id", MSG_USERS_ORG_NOT_FOR_PARTICIPANT);
        return API_EINVALID;
    }
    if (r != ROLE_PARTICIPANT && org_id <= 0) {
        api_errors_add(e, "org_id", MSG_USERS_ORG_REQUIRED);
        return API_EINVALID;
    }
    return 0;
}

int users_validate(const users_input *in, api_errors *e)
{
    int bad = 0;
    switch (api_text_check(in->name, true, USERS_NAME_MAX, false)) {
    case API_TEXT_MISSING: api_errors_add(e, "name", MSG_USERS_NAME_REQUIRED); bad++; break;
    case API_TEXT_TOO_LONG: api_errors_add(e, "name", MSG_USERS_NAME_TOO_LONG); bad++; break;
    case API_TEXT_INVALID: api_errors_add(e, "name", MSG_USERS_TEXT_INVALID); bad++; break;
    case API_TEXT_OK: break;
    }
    if (!in->email || !*in->email) {
        api_errors_add(e, "email", MSG_USERS_EMAIL_REQUIRED);
        bad++;
    } else if (!str_utf8_valid(in->email, strlen(in->email)) || !users_email_valid(in->email)) {
        api_errors_add(e, "email", MSG_USERS_EMAIL_INVALID);
        bad++;
    }
    if (in->lang && !i18n_supported(in->lang)) {
        api_errors_add(e, "lang", MSG_USERS_LANG_INVALID);
        bad++;
    }
    if (users_role_check(in->role, in->org_id, e)) bad++;
    if (!in->password || !*in->password) {
        api_errors_add(e, "password", MSG_USERS_PASSWORD_REQUIRED);
        bad++;
    } else if (!str_utf8_valid(in->password, strlen(in->password))) {
        api_errors_add(e, "password", MSG_USERS_TEXT_INVALID);
        bad++;
    } else if (auth_password_weakness(in->password)) {
        api_errors_add(e, "password", strlen(in->password) > USERS_PASSWORD_MAX ? MSG_USERS_PASSWORD_TOO_LONG
                                                                                : MSG_USERS_PASSWORD_WEAK);
        bad++;
    }
    return bad ? API_EINVALID : 0;
}

bool audit_outcome_valid(const char *s)
{
    return str_eq(s, "ok") || str_eq(s, "denied") || str_eq(s, "failed");
}
