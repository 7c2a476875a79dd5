#include "orgs/model.h"

#include <string.h>

#include "base/str.h"

static const char *const kind_names[ORGS_KIND_COUNT] = {
    "care", "school", "municipality", "uwv", "regional", "advisory",
};

static const msg_id kind_labels[ORGS_KIND_COUNT] = {
    MSG_ORGS_KIND_CARE,     MSG_ORGS_KIND_SCHOOL,   MSG_ORGS_KIND_MUNICIPALITY,
    MSG_ORGS_KIND_UWV,      MSG_ORGS_KIND_REGIONAL, MSG_ORGS_KIND_ADVISORY,
};

const char *orgs_kind_name(orgs_kind k)
{
    return (int)k >= 0 && k < ORGS_KIND_COUNT ? kind_names[k] : NULL;
}

orgs_kind orgs_kind_parse(const char *s)
{
    for (int i = 0; i < ORGS_KIND_COUNT; i++)
        if (str_eq(s, kind_names[i])) return (orgs_kind)i;
    return ORGS_KIND_COUNT;
}

msg_id orgs_kind_label(orgs_kind k)
{
    return (int)k >= 0 && k < ORGS_KIND_COUNT ? kind_labels[k] : MSG_ORGS_KIND_UNKNOWN;
}

static const char *trim_or_null(arena *a, const char *s, bool optional)
{
    if (!s) return NULL;
    char *t = str_trim(a, s);
    if (optional && t && !*t) return NULL;
    return t;
}

void orgs_input_normalise(arena *a, orgs_input *in)
{
    in->name = trim_or_null(a, in->name, false);
    in->kind = trim_or_null(a, in->kind, false);
    in->region = trim_or_null(a, in->region, false);
    in->city = trim_or_null(a, in->city, true);
    in->website = trim_or_null(a, in->website, true);
}

bool orgs_website_valid(const char *s)
{
    const char *host;
    if (str_starts_with(s, "https://")) host = s + 8;
    else if (str_starts_with(s, "http://")) host = s + 7;
    else return false;
    size_t hostlen = strcspn(host, "/?#");
    if (hostlen == 0 || host[0] == '.' || host[0] == '@') return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\' || *p == 0x7f) return false;
    return true;
}

/* Adds the error of a text check, if any, for field; 1 when there was one. */
static int check_text(api_errors *e, const char *field, const char *s, bool required, size_t max,
                       msg_id missing, msg_id too_long, msg_id invalid)
{
    switch (api_text_check(s, required, max, false)) {
    case API_TEXT_MISSING: api_errors_add(e, field, missing); return 1;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, too_long); return 1;
    case API_TEXT_INVALID: api_errors_add(e, field, invalid); return 1;
    case API_TEXT_OK: break;
    }
    return 0;
}

int orgs_validate(const orgs_input *in, api_errors *e)
{
    int bad = 0;
    bad += check_text(e, "name", in->name, true, ORGS_NAME_MAX, MSG_ORGS_NAME_REQUIRED, MSG_ORGS_NAME_TOO_LONG,
               MSG_ORGS_TEXT_INVALID);
    if (!in->kind || !*in->kind) {
        api_errors_add(e, "kind", MSG_ORGS_KIND_REQUIRED);
        bad++;
    } else if (orgs_kind_parse(in->kind) == ORGS_KIND_COUNT) {
        api_errors_add(e, "kind", MSG_ORGS_KIND_INVALID);
        bad++;
    }
    bad += check_text(e, "region", in->region, true, ORGS_REGION_MAX, MSG_ORGS_REGION_REQUIRED,
               MSG_ORGS_REGION_TOO_LONG, MSG_ORGS_TEXT_INVALID);
    bad += check_text(e, "city", in->city, false, ORGS_CITY_MAX, MSG_ORGS_CITY_TOO_LONG, MSG_ORGS_CITY_TOO_LONG,
               MSG_ORGS_TEXT_INVALID);
    if (in->website && *in->website) {
        if (str_utf8_valid(in->website, strlen(in->website)) && str_utf8_len(in->website) > ORGS_WEBSITE_MAX) {
            api_errors_add(e, "website", MSG_ORGS_WEBSITE_TOO_LONG);
            bad++;
        } else if (!orgs_website_valid(in->website)) {
            api_errors_add(e, "website", MSG_ORGS_WEBSITE_INVALID);
            bad++;
        }
    }
    return bad ? API_EINVALID : 0;
}

orgs_status orgs_status_parse(const char *s)
{
    if (!s || !*s || str_eq(s, "active")) return ORGS_STATUS_ACTIVE;
    if (str_eq(s, "archived")) return ORGS_STATUS_ARCHIVED;
    if (str_eq(s, "all")) return ORGS_STATUS_ALL;
    return ORGS_STATUS_COUNT;
}
