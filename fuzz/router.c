/* Fuzzes the router with the application's real route table: any method and
 * path must give a match, 404 or 405, and matched parameters must be
 * non-empty substrings of the path. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static http_router *r;
    if (!r) r = app_router();
    /* First line: method; the rest: path. */
    const uint8_t *nl = memchr(data, '\n', size);
    size_t mlen = nl ? (size_t)(nl - data) : 0;
    arena a;
    arena_init(&a, 1 << 20);
    char *method = arena_strndup(&a, (const char *)data, mlen);
    char *path = arena_strndup(&a, (const char *)data + (nl ? mlen + 1 : 0), size - (nl ? mlen + 1 : 0));
    http_request req;
    http_request_init(&req, &a);
    const char *allow = NULL;
    int rc = router_match(r, &req, method, path, &allow);
    assert(rc == ROUTER_MATCH || rc == ROUTER_NOT_FOUND || rc == ROUTER_METHOD_NOT_ALLOWED);
    if (rc == ROUTER_MATCH) {
        assert(req.route != NULL);
        for (int i = 0; i < req.npath; i++) {
            assert(req.path_values[i][0] != '\0');
            assert(strstr(path, req.path_values[i]) != NULL);
        }
    }
    if (rc == ROUTER_METHOD_NOT_ALLOWED) assert(allow && allow[0]);
    arena_free(&a);
    return 0;
}
