#include "people/model.h"

#include <string.h>

#include "base/buf.h"
#include "base/str.h"

char *people_full_name(arena *a, const char *given, const char *family)
{
    if (given && *given && family && *family) return arena_printf(a, "%s %s", given, family);
    if (given && *given) return arena_strdup(a, given);
    return arena_strdup(a, family ? family : "");
}

static const struct {
    const char *name;
    msg_id label;
} relations[] = {
    {"employee", MSG_PEOPLE_REL_EMPLOYEE}, {"placed", MSG_PEOPLE_REL_PLACED},
    {"student", MSG_PEOPLE_REL_STUDENT},   {"client", MSG_PEOPLE_REL_CLIENT},
    {"applicant", MSG_PEOPLE_REL_APPLICANT},
};

msg_id people_relation_label(const char *relation)
{
    for (size_t i = 0; i < sizeof relations / sizeof relations[0]; i++)
        if (str_eq(relation, relations[i].name)) return relations[i].label;
    return MSG_PEOPLE_REL_LINKED;
}

bool people_relation_is_sensitive(const char *relation)
{
    return str_eq(relation, "client");
}

int people_search_normalise(arena *a, const char *q, const char **out, api_errors *e)
{
    *out = NULL;
    if (!q) return 0;
    char *t = str_trim(a, q);
    if (!t) return 0;
    switch (api_text_check(t, false, PEOPLE_SEARCH_MAX, false)) {
    case API_TEXT_TOO_LONG: api_errors_add(e, "q", MSG_PEOPLE_SEARCH_TOO_LONG); return API_EINVALID;
    case API_TEXT_INVALID: api_errors_add(e, "q", MSG_PEOPLE_SEARCH_INVALID); return API_EINVALID;
    default: break;
    }
    *out = *t ? t : NULL;
    return 0;
}

char *people_like_pattern(arena *a, const char *s)
{
    buf b;
    buf_init(&b, 4 * PEOPLE_SEARCH_MAX * 4 + 8);
    buf_putc(&b, '%');
    for (const char *p = s; p && *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&b, '\\');
        buf_putc(&b, *p);
    }
    buf_putc(&b, '%');
    char *out = b.failed ? NULL : arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return out;
}
