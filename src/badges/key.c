/* badges key: the issuer key file (made by init, loaded by serve, demo and
 * the CLI) and the issuer's identity derived from the public URL. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "badges/badges.h"
#include "base/random.h"
#include "base/str.h"
#include "intake/intake.h"

static badges_key current_key;
static bool key_loaded;

void badges_key_path(const char *db_path, char *out, size_t n)
{
    if (str_starts_with(db_path, "sqlite:")) db_path += 7;
    snprintf(out, n, "%s.issuer-key", db_path);
}

int badges_key_init(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) return 0;
    if (errno != ENOENT) {
        fprintf(stderr, "instroom: cannot look at the issuer key %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (random_init() != 0) return -1;
    unsigned char seed[32];
    random_bytes(seed, sizeof seed);
    arena a;
    arena_init(&a, 0);
    char *text = badges_key_format(&a, seed);
    sodium_memzero(seed, sizeof seed);
    int fd = text ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    if (fd < 0) {
        fprintf(stderr, "instroom: cannot create the issuer key %s: %s\n", path, strerror(errno));
        if (text) sodium_memzero(text, strlen(text));
        arena_free(&a);
        return -1;
    }
    size_t len = strlen(text), off = 0;
    int rc = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    if (rc == 0 && fsync(fd) != 0) rc = -1;
    if (close(fd) != 0) rc = -1;
    sodium_memzero(text, len);
    arena_free(&a);
    if (rc != 0) {
        fprintf(stderr, "instroom: cannot write the issuer key %s: %s\n", path, strerror(errno));
        unlink(path);
        return -1;
    }
    return 1;
}

int badges_key_load(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "instroom: cannot open the issuer key %s: %s (run 'instroom init' to make one)\n", path,
                strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "instroom: the issuer key %s is not a regular file\n", path);
        close(fd);
        return -1;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        fprintf(stderr,
                "instroom: the issuer key %s can be read by others (mode %03o); refusing to use it: "
                "run 'chmod 600 %s'\n",
                path, (unsigned)(st.st_mode & 0777), path);
        close(fd);
        return -1;
    }
    char text[BADGES_KEY_FILE_MAX + 1];
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, text + n, sizeof text - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            fprintf(stderr, "instroom: cannot read the issuer key %s: %s\n", path, strerror(errno));
            close(fd);
            return -1;
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n == sizeof text) break;
    }
    close(fd);
    unsigned char seed[32];
    const char *err = NULL;
    int rc = badges_key_parse(text, n, seed, &err);
    sodium_memzero(text, sizeof text);
    if (rc != 0) {
        fprintf(stderr, "instroom: the issuer key %s is not valid: %s\n", path, err);
        return -1;
    }
    badges_key_from_seed(&current_key, seed);
    sodium_memzero(seed, sizeof seed);
    key_loaded = true;
    return 0;
}

int badges_key_load_for(const char *explicit_path, const char *db_path)
{
    if (explicit_path && *explicit_path) return badges_key_load(explicit_path);
    char path[4096];
    badges_key_path(db_path, path, sizeof path);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        fprintf(stderr, "instroom: warning: no issuer key at %s: badges cannot be issued or verified "
                        "(run 'instroom init' to make one)\n",
                path);
        return 0;
    }
    return badges_key_load(path);
}

void badges_key_unload(void)
{
    sodium_memzero(&current_key, sizeof current_key);
    key_loaded = false;
}

const badges_key *badges_key_current(void)
{
    return key_loaded ? &current_key : NULL;
}

const char *badges_issuer_did(arena *a)
{
    const char *did = badges_did_web(a, intake_public_url());
    return did ? did : "did:web:127.0.0.1%3A8080";
}

const char *badges_issuer_kid(arena *a)
{
    return arena_printf(a, "%s#key-1", badges_issuer_did(a));
}

const char *badges_status_list_url(arena *a)
{
    return arena_printf(a, "%s/badges/status/revocation", intake_public_url());
}
