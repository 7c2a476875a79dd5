#include "http/i18n.h"

#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/str.h"

static const char *const msg_nl[] = {
#define MSG(id, nl, en) nl,
#include "http/messages.def"
#undef MSG
};

static const char *const msg_en[] = {
#define MSG(id, nl, en) en,
#include "http/messages.def"
#undef MSG
};

static const char *const msg_keys[] = {
#define MSG(id, nl, en) #id,
#include "http/messages.def"
#undef MSG
};

const char *msg_in(const char *lang, msg_id id)
{
    if ((int)id < 0 || id >= MSG_COUNT) return "";
    return (lang && lang[0] == 'e' && lang[1] == 'n') ? msg_en[id] : msg_nl[id];
}

const char *msg(const http_request *req, msg_id id)
{
    return msg_in(req ? req->lang : "nl", id);
}

char *msg_fill(const http_request *req, msg_id id, const char *a1, const char *a2)
{
    return msg_fill_in(req->arena, req->lang, id, a1, a2);
}

char *msg_fill_in(arena *a, const char *lang, msg_id id, const char *a1, const char *a2)
{
    const char *t = msg_in(lang, id);
    buf b;
    buf_init(&b, 64 * 1024);
    for (const char *p = t; *p; p++) {
        if (p[0] == '{' && (p[1] == '1' || p[1] == '2') && p[2] == '}') {
            const char *arg = p[1] == '1' ? a1 : a2;
            if (arg) {
                buf_puts(&b, arg);
                p += 2;
                continue;
            }
        }
        buf_putc(&b, *p);
    }
    char *out = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return out;
}

msg_id msg_by_key(const char *key)
{
    for (int i = 0; i < MSG_COUNT; i++)
        if (strcmp(msg_keys[i], key) == 0) return (msg_id)i;
    return MSG_COUNT;
}

int i18n_supported(const char *lang)
{
    return str_eq(lang, "nl") || str_eq(lang, "en");
}

const char *i18n_from_accept_language(const char *h)
{
    /* The first supported language in the list wins; q-values are in order in practice. */
    if (!h) return "nl";
    const char *p = h;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        if (strncasecmp(p, "nl", 2) == 0 && (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
            return "nl";
        if (strncasecmp(p, "en", 2) == 0 && (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
            return "en";
        p = strchr(p, ',');
        if (!p) break;
    }
    return "nl";
}
