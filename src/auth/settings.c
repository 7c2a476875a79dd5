#include "auth/settings.h"

#include "auth/auth.h"

static auth_settings current = {
    .session_idle = AUTH_SESSION_IDLE,
    .session_max = AUTH_SESSION_MAX,
    .login_max_per_account = 5,
    .login_max_per_ip = 30,
    .login_window = 15 * 60,
};

const auth_settings *auth_settings_get(void)
{
    return &current;
}

void auth_settings_set(const auth_settings *s)
{
    current = *s;
}
