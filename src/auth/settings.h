/* settings: the auth module's tunables, set once at start-up. */
#ifndef INSTROOM_AUTH_SETTINGS_H
#define INSTROOM_AUTH_SETTINGS_H

#include <stdint.h>

typedef struct auth_settings {
    int64_t session_idle;     /* seconds without a request before a session ends */
    int64_t session_max;      /* seconds after login when a session ends anyway */
    int login_max_per_account;/* failed logins per account per window before a pause */
    int login_max_per_ip;     /* failed logins per address per window */
    int64_t login_window;     /* seconds */
} auth_settings;

/* The settings in force (defaults until auth_settings_set is called). */
const auth_settings *auth_settings_get(void);
/* Replaces the settings; call before the server starts. */
void auth_settings_set(const auth_settings *s);

#endif
