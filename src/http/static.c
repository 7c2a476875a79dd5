#include "http/static.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/str.h"

int static_name_ok(const char *rel)
{
    if (!rel || !*rel || strlen(rel) > 200) return 0;
    int seg_start = 1;
    for (const char *p = rel; *p; p++) {
        char c = *p;
        if (c == '/') {
            if (seg_start) return 0; /* empty segment */
            seg_start = 1;
            continue;
        }
        if (seg_start && c == '.') return 0; /* "..", ".", hidden files */
        seg_start = 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return !seg_start;
}

static const char *mime_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return "application/octet-stream";
    static const struct { const char *ext, *type; } types[] = {
        {".css", "text/css; charset=utf-8"},       {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},                 {".png", "image/png"},
        {".ico", "image/x-icon"},                  {".woff2", "font/woff2"},
        {".woff", "font/woff"},                    {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},     {".html", "text/html; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

int static_serve(const char *const dirs[4], http_request *req, http_response *res)
{
    const char *rel = req->path + strlen("/static/");
    if (!static_name_ok(rel)) return -1;
    for (int i = 0; i < 4 && dirs[i]; i++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dirs[i], rel) >= (int)sizeof path) continue;
        int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) continue;
        struct stat st;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            close(fd);
            continue;
        }
        char etag[64];
        snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size,
                 (unsigned long long)st.st_mtim.tv_sec * 1000000000ull + (unsigned long long)st.st_mtim.tv_nsec);
        http_set_header(req, res, "ETag", etag);
        http_set_header(req, res, "Cache-Control", "public, max-age=3600");
        res->content_type = mime_type(rel);
        const char *inm = http_header(req, "If-None-Match");
        if (inm && strstr(inm, etag)) {
            close(fd);
            res->status = 304;
            return 0;
        }
        res->status = 200;
        res->file_fd = fd;
        res->file_size = (uint64_t)st.st_size;
        return 0;
    }
    return -1;
}
