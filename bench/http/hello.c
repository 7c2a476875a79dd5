/*
 * hello: the reference server for bench/http/run. A minimal libmicrohttpd
 * server in the threading mode instroom uses (epoll, internal thread pool of
 * one thread per core) that answers every request with "Hello, World!".
 *
 * Usage: hello [HOST [PORT]]   (default 127.0.0.1 0: an ephemeral port)
 * Prints "listening on http://HOST:PORT" on stdout once it accepts
 * connections; stops on SIGINT or SIGTERM.
 */
#define _POSIX_C_SOURCE 200809L
#include <microhttpd.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char body[] = "Hello, World!\n";

/* Answers every request with a fresh text/plain response, as a real handler
 * would build one per request. */
static enum MHD_Result hello_answer(void *cls, struct MHD_Connection *conn, const char *url,
                                    const char *method, const char *version,
                                    const char *upload_data, size_t *upload_data_size,
                                    void **req_cls)
{
    (void)cls; (void)url; (void)method; (void)version; (void)upload_data;
    if (*req_cls == NULL) {           /* first call: headers only */
        static int marker;
        *req_cls = &marker;
        return MHD_YES;
    }
    *upload_data_size = 0;
    struct MHD_Response *resp = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
                                                                MHD_RESPMEM_PERSISTENT);
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
    enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Parses a port number 0..65535; returns -1 when it is not one. */
static long parse_port(const char *s)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 65535)
        return -1;
    return v;
}

int main(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : "127.0.0.1";
    long port = argc > 2 ? parse_port(argv[2]) : 0;
    if (argc > 3 || port < 0) {
        fprintf(stderr, "usage: hello [HOST [PORT]]\n");
        return 2;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        fprintf(stderr, "hello: not an IPv4 address: %s\n", host);
        return 2;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;

    /* Block the stop signals before MHD starts its threads, so that only
     * sigwait() below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, hello_answer, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cores,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "hello: cannot start the server on %s:%ld\n", host, port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (info == NULL || info->port == 0) {
        fprintf(stderr, "hello: cannot read the bound port\n");
        MHD_stop_daemon(d);
        return 1;
    }
    printf("listening on http://%s:%u (%ld threads)\n", host, (unsigned)info->port, cores);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    return 0;
}
