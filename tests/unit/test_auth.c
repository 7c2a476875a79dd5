#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/policy.h"
#include "auth/users.h"

enum { WZW = 1, OPELLA = 2, ZINZIA = 3, ROTTERDAM = 4, RIVOR = 5 };

static auth_membership m_store[8];

static auth_principal who(int64_t uid, auth_role role, int64_t org, int64_t person)
{
    static int next;
    auth_membership *m = &m_store[next++ % 8];
    *m = (auth_membership){org, role};
    return (auth_principal){.user_id = uid, .person_id = person, .memberships = m, .nmemberships = 1,
                            .roles = ROLE_BIT(role)};
}

Test(policy, organisations_see_only_their_people)
{
    auth_principal opella = who(10, ROLE_RECRUITER, OPELLA, 0);
    int64_t at_zinzia[] = {ZINZIA}, at_opella_and_rivor[] = {OPELLA, RIVOR};
    policy_target zinzia_person = {.kind = POLICY_PERSON, .id = 100, .orgs = at_zinzia, .norgs = 1};
    policy_target opella_person = {.kind = POLICY_PERSON, .id = 101, .orgs = at_opella_and_rivor, .norgs = 2};
    policy_target unlinked = {.kind = POLICY_PERSON, .id = 102, .orgs = NULL, .norgs = 0};
    const char *why;
    cr_assert_not(policy_allows(&opella, POLICY_READ, &zinzia_person, &why));
    cr_assert_str_eq(why, "person not linked to any organisation of the user");
    cr_assert(policy_allows(&opella, POLICY_READ, &opella_person, NULL));
    cr_assert_not(policy_allows(&opella, POLICY_READ, &unlinked, NULL));
    policy_target zinzia_user = {.kind = POLICY_USER, .id = 20, .orgs = at_zinzia, .norgs = 1};
    cr_assert_not(policy_allows(&opella, POLICY_READ, &zinzia_user, NULL));
    policy_target self = {.kind = POLICY_USER, .id = 10, .orgs = NULL, .norgs = 0};
    cr_assert(policy_allows(&opella, POLICY_READ, &self, NULL));
    int64_t opella_only[] = {OPELLA};
    policy_target colleague = {.kind = POLICY_USER, .id = 11, .orgs = opella_only, .norgs = 1};
    cr_assert(policy_allows(&opella, POLICY_READ, &colleague, NULL));
    cr_assert_not(policy_allows(&opella, POLICY_WRITE, &colleague, NULL), "only the coordinator manages users");
}

Test(policy, sensitive_data_is_for_jobcoach_and_coordinator)
{
    int64_t orgs[] = {ROTTERDAM, OPELLA};
    policy_target t = {.kind = POLICY_PERSON_SENSITIVE, .id = 200, .orgs = orgs, .norgs = 2};
    auth_principal jobcoach = who(1, ROLE_JOBCOACH, ROTTERDAM, 0);
    auth_principal recruiter = who(2, ROLE_RECRUITER, OPELLA, 0);
    auth_principal supervisor = who(3, ROLE_SUPERVISOR, OPELLA, 0);
    auth_principal coordinator = who(4, ROLE_COORDINATOR, WZW, 0);
    auth_principal other_coach = who(5, ROLE_JOBCOACH, ZINZIA, 0);
    cr_assert(policy_allows(&jobcoach, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&supervisor, POLICY_READ, &t, NULL));
    cr_assert(policy_allows(&coordinator, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&other_coach, POLICY_READ, &t, NULL), "a jobcoach elsewhere does not");
    policy_target plain = {.kind = POLICY_PERSON, .id = 200, .orgs = orgs, .norgs = 2};
    cr_assert(policy_allows(&recruiter, POLICY_READ, &plain, NULL), "the ordinary record is visible");
}

Test(policy, participants_see_only_themselves)
{
    auth_principal p = who(30, ROLE_PARTICIPANT, 0, 300);
    int64_t orgs[] = {OPELLA};
    policy_target own = {.kind = POLICY_PERSON, .id = 300, .orgs = orgs, .norgs = 1};
    policy_target other = {.kind = POLICY_PERSON, .id = 301, .orgs = orgs, .norgs = 1};
    cr_assert(policy_allows(&p, POLICY_READ, &own, NULL));
    cr_assert_not(policy_allows(&p, POLICY_READ, &other, NULL));
    policy_target own_sensitive = {.kind = POLICY_PERSON_SENSITIVE, .id = 300, .orgs = orgs, .norgs = 1};
    cr_assert(policy_allows(&p, POLICY_READ, &own_sensitive, NULL));
    cr_assert_not(policy_allows(&p, POLICY_WRITE, &own_sensitive, NULL));
    policy_target orglist = {.kind = POLICY_ORG_LIST, .id = 0, .orgs = NULL, .norgs = 0};
    cr_assert_not(policy_allows(&p, POLICY_READ, &orglist, NULL));
    policy_target audit = {.kind = POLICY_AUDIT, .id = 0, .orgs = NULL, .norgs = 0};
    cr_assert_not(policy_allows(&p, POLICY_READ, &audit, NULL));
    cr_assert_not(policy_allows(NULL, POLICY_READ, &own, NULL), "nobody logged in");
}

Test(policy, coordinator_and_scopes)
{
    auth_principal c = who(1, ROLE_COORDINATOR, WZW, 0);
    policy_target audit = {.kind = POLICY_AUDIT, .id = 0, .orgs = NULL, .norgs = 0};
    policy_target org = {.kind = POLICY_ORG, .id = OPELLA, .orgs = NULL, .norgs = 0};
    policy_target users = {.kind = POLICY_USER_LIST, .id = 0, .orgs = NULL, .norgs = 0};
    cr_assert(policy_allows(&c, POLICY_READ, &audit, NULL));
    cr_assert(policy_allows(&c, POLICY_WRITE, &org, NULL));
    cr_assert(policy_allows(&c, POLICY_WRITE, &users, NULL));
    c.scopes = "read";
    cr_assert(policy_allows(&c, POLICY_READ, &org, NULL));
    cr_assert_not(policy_allows(&c, POLICY_WRITE, &org, NULL), "a read token cannot write");
    auth_principal r = who(2, ROLE_RECRUITER, OPELLA, 0);
    cr_assert(policy_allows(&r, POLICY_READ, &org, NULL));
    cr_assert_not(policy_allows(&r, POLICY_WRITE, &org, NULL));
    cr_assert_not(policy_allows(&r, POLICY_READ, &users, NULL));
    cr_assert_str_eq(policy_resource_name(POLICY_PERSON_SENSITIVE), "person.sensitive");
}

Test(auth, passwords)
{
    cr_assert_geq(sodium_init(), 0);
    char h[crypto_pwhash_STRBYTES];
    cr_assert_eq(auth_password_hash("correct horse battery", h, sizeof h), 0);
    cr_assert(strncmp(h, "$argon2id$", 10) == 0, "%s", h);
    cr_assert(auth_password_verify(h, "correct horse battery"));
    cr_assert_not(auth_password_verify(h, "correct horse batterY"));
    cr_assert_not(auth_password_verify("plain", "plain"), "only Argon2id hashes are accepted");
    cr_assert_not(auth_password_verify(NULL, "x"));
    cr_assert_eq(auth_password_hash("x", h, 10), -1);
    cr_assert_not_null(auth_password_weakness("short"));
    cr_assert_not_null(auth_password_weakness("ééééééééééé"), "11 characters, 22 bytes");
    cr_assert_null(auth_password_weakness("twaalf tekens"));
}

Test(auth, roles_and_emails)
{
    for (int r = 0; r < ROLE_COUNT; r++) cr_assert_eq((int)auth_role_parse(auth_role_name((auth_role)r)), r);
    cr_assert_eq(auth_role_parse("admin"), ROLE_COUNT);
    cr_assert_null(auth_role_name(ROLE_COUNT));
    cr_assert(users_email_valid("a.b@zorg.nl"));
    const char *bad[] = {"", "a", "@b.nl", "a@", "a@b", "a@@b.nl", "a b@c.nl", "a@b.", "a@.nl", "<a>@b.nl", NULL};
    for (int i = 0; bad[i]; i++) cr_assert_not(users_email_valid(bad[i]), "%s", bad[i]);
    auth_principal p = who(1, ROLE_TRAINER, RIVOR, 0);
    cr_assert(auth_has_role(&p, ROLE_TRAINER, RIVOR));
    cr_assert(auth_has_role(&p, ROLE_TRAINER, 0));
    cr_assert_not(auth_has_role(&p, ROLE_TRAINER, OPELLA));
    cr_assert_not(auth_has_role(NULL, ROLE_TRAINER, 0));
}

Test(policy, applications_are_for_partner_recruiters_and_jobcoaches)
{
    int64_t partners[] = {ROTTERDAM, OPELLA};
    policy_target app = {POLICY_APPLICATION, 500, partners, 2, .person_id = 600};
    policy_target list = {.kind = POLICY_APPLICATION, .id = 0, .orgs = partners, .norgs = 2};
    auth_principal recruiter = who(1, ROLE_RECRUITER, OPELLA, 0);
    auth_principal jobcoach = who(2, ROLE_JOBCOACH, ROTTERDAM, 0);
    auth_principal elsewhere = who(3, ROLE_RECRUITER, ZINZIA, 0);
    auth_principal supervisor = who(4, ROLE_SUPERVISOR, OPELLA, 0);
    auth_principal applicant = who(5, ROLE_PARTICIPANT, 0, 600);
    auth_principal other = who(6, ROLE_PARTICIPANT, 0, 601);
    const char *why;
    cr_assert(policy_allows(&recruiter, POLICY_WRITE, &app, NULL));
    cr_assert(policy_allows(&recruiter, POLICY_READ, &list, NULL));
    cr_assert(policy_allows(&jobcoach, POLICY_WRITE, &list, NULL), "a jobcoach of a partner pre-selects");
    cr_assert_not(policy_allows(&elsewhere, POLICY_READ, &app, &why));
    cr_assert_str_eq(why, "not a partner of the programme");
    cr_assert_not(policy_allows(&supervisor, POLICY_READ, &app, NULL), "not a selecting role");
    cr_assert(policy_allows(&applicant, POLICY_READ, &app, NULL), "one's own application");
    cr_assert_not(policy_allows(&applicant, POLICY_WRITE, &app, NULL));
    cr_assert_not(policy_allows(&other, POLICY_READ, &app, NULL));
    cr_assert_not(policy_allows(&other, POLICY_READ, &list, NULL));
}

Test(policy, programmes_outbox_and_data_rights)
{
    int64_t partners[] = {OPELLA};
    policy_target prog = {.kind = POLICY_PROGRAMME, .id = 7, .orgs = partners, .norgs = 1};
    auth_principal recruiter = who(1, ROLE_RECRUITER, ZINZIA, 0);
    auth_principal coordinator = who(2, ROLE_COORDINATOR, WZW, 0);
    auth_principal participant = who(3, ROLE_PARTICIPANT, 0, 700);
    cr_assert(policy_allows(&recruiter, POLICY_READ, &prog, NULL), "staff read programmes");
    cr_assert_not(policy_allows(&recruiter, POLICY_WRITE, &prog, NULL));
    cr_assert(policy_allows(&coordinator, POLICY_WRITE, &prog, NULL));
    cr_assert_not(policy_allows(&participant, POLICY_READ, &prog, NULL));
    policy_target outbox = {.kind = POLICY_OUTBOX, .id = 0, .orgs = NULL, .norgs = 0};
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &outbox, NULL));
    cr_assert(policy_allows(&coordinator, POLICY_READ, &outbox, NULL));
    policy_target own = {POLICY_PERSON_RIGHTS, 700, NULL, 0, .person_id = 700};
    policy_target other = {POLICY_PERSON_RIGHTS, 701, NULL, 0, .person_id = 701};
    cr_assert(policy_allows(&participant, POLICY_READ, &own, NULL), "one's own export");
    cr_assert_not(policy_allows(&participant, POLICY_WRITE, &own, NULL), "erasure goes through the coordinator");
    cr_assert_not(policy_allows(&participant, POLICY_READ, &other, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &own, NULL));
    cr_assert(policy_allows(&coordinator, POLICY_WRITE, &own, NULL));
}

Test(policy, reference_data_is_read_by_staff)
{
    policy_target esco = {.kind = POLICY_REFERENCE};
    auth_principal trainer = who(1, ROLE_TRAINER, RIVOR, 0);
    auth_principal participant = who(2, ROLE_PARTICIPANT, 0, 800);
    auth_principal coordinator = who(3, ROLE_COORDINATOR, WZW, 0);
    const char *why;
    cr_assert(policy_allows(&trainer, POLICY_READ, &esco, NULL));
    cr_assert_not(policy_allows(&trainer, POLICY_WRITE, &esco, NULL));
    cr_assert_not(policy_allows(&participant, POLICY_READ, &esco, &why));
    cr_assert_str_eq(why, "reference data is for staff; the coordinator loads it");
    cr_assert(policy_allows(&coordinator, POLICY_WRITE, &esco, NULL));
}

Test(policy, skills_profile_own_claims_and_verification)
{
    int64_t orgs[] = {OPELLA, RIVOR};
    policy_target t = {.kind = POLICY_SKILL_PROFILE, .id = 300, .orgs = orgs, .norgs = 2, .person_id = 300};
    auth_principal self = {.user_id = 9, .person_id = 300};
    auth_principal other = {.user_id = 8, .person_id = 301};
    auth_principal trainer = who(1, ROLE_TRAINER, RIVOR, 0);
    auth_principal supervisor = who(2, ROLE_SUPERVISOR, OPELLA, 0);
    auth_principal recruiter = who(3, ROLE_RECRUITER, OPELLA, 0);
    auth_principal elsewhere = who(4, ROLE_TRAINER, ZINZIA, 0);
    cr_assert(policy_allows(&self, POLICY_READ, &t, NULL));
    cr_assert(policy_allows(&self, POLICY_WRITE, &t, NULL), "participants add their own skills");
    cr_assert_not(policy_allows(&other, POLICY_READ, &t, NULL));
    cr_assert(policy_allows(&trainer, POLICY_WRITE, &t, NULL));
    cr_assert(policy_allows(&supervisor, POLICY_WRITE, &t, NULL));
    cr_assert(policy_allows(&recruiter, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_WRITE, &t, NULL), "a recruiter does not verify skills");
    cr_assert_not(policy_allows(&elsewhere, POLICY_READ, &t, NULL));
    policy_target cat = {.kind = POLICY_SKILL_CATALOGUE};
    cr_assert(policy_allows(&self, POLICY_READ, &cat, NULL));
    cr_assert_not(policy_allows(&trainer, POLICY_WRITE, &cat, NULL));
}

Test(policy, training_and_badges_are_changed_by_the_school)
{
    int64_t rivor[] = {RIVOR}, rivor_opella[] = {RIVOR, OPELLA};
    auth_principal trainer = who(1, ROLE_TRAINER, RIVOR, 0);
    auth_principal other_school = who(2, ROLE_TRAINER, ZINZIA, 0);
    auth_principal supervisor = who(3, ROLE_SUPERVISOR, OPELLA, 0);
    auth_principal holder = {.user_id = 9, .person_id = 400};
    auth_principal stranger = {.user_id = 8, .person_id = 401};
    policy_target course = {.kind = POLICY_TRAINING, .id = 1, .orgs = rivor, .norgs = 1};
    cr_assert(policy_allows(&trainer, POLICY_WRITE, &course, NULL));
    cr_assert(policy_allows(&other_school, POLICY_READ, &course, NULL));
    cr_assert_not(policy_allows(&other_school, POLICY_WRITE, &course, NULL));
    cr_assert_not(policy_allows(&holder, POLICY_READ, &course, NULL));
    policy_target ach = {.kind = POLICY_ACHIEVEMENT, .id = 1, .orgs = rivor, .norgs = 1};
    cr_assert(policy_allows(&trainer, POLICY_WRITE, &ach, NULL));
    cr_assert_not(policy_allows(&supervisor, POLICY_WRITE, &ach, NULL));
    const policy_resource records[] = {POLICY_TRAINING_RECORD, POLICY_CREDENTIAL};
    for (int i = 0; i < 2; i++) {
        policy_resource k = records[i];
        policy_target w = {.kind = k, .id = 5, .orgs = rivor, .norgs = 1, .person_id = 400};
        policy_target r = {.kind = k, .id = 5, .orgs = rivor_opella, .norgs = 2, .person_id = 400};
        cr_assert(policy_allows(&trainer, POLICY_WRITE, &w, NULL));
        cr_assert_not(policy_allows(&other_school, POLICY_WRITE, &w, NULL));
        cr_assert_not(policy_allows(&other_school, POLICY_READ, &r, NULL));
        cr_assert(policy_allows(&supervisor, POLICY_READ, &r, NULL), "the placing organisation reads");
        cr_assert_not(policy_allows(&supervisor, POLICY_WRITE, &r, NULL));
        cr_assert(policy_allows(&holder, POLICY_READ, &w, NULL));
        cr_assert_not(policy_allows(&holder, POLICY_WRITE, &w, NULL), "a holder cannot issue to themself");
        cr_assert_not(policy_allows(&stranger, POLICY_READ, &w, NULL));
    }
}

Test(policy, guidance_coaching_notes_checkins_support_needs)
{
    int64_t orgs[] = {ROTTERDAM, OPELLA};
    auth_principal jobcoach = who(1, ROLE_JOBCOACH, ROTTERDAM, 0);
    auth_principal recruiter = who(2, ROLE_RECRUITER, ROTTERDAM, 0);  /* same organisation as the jobcoach */
    auth_principal supervisor = who(3, ROLE_SUPERVISOR, OPELLA, 0);
    auth_principal mentor = who(4, ROLE_MENTOR, OPELLA, 0);
    auth_principal coordinator = who(5, ROLE_COORDINATOR, WZW, 0);
    auth_principal elsewhere = who(6, ROLE_JOBCOACH, ZINZIA, 0);
    auth_principal self = {.user_id = 9, .person_id = 500};
    auth_principal other = {.user_id = 8, .person_id = 501};
    policy_target t = {.id = 500, .orgs = orgs, .norgs = 2, .person_id = 500};
    policy_target coached = t;
    coached.coach = true;
    /* Coaching (who coaches, the plan): read by the person, coaches and staff of orgs; changed by coaches and jobcoaches. */
    t.kind = coached.kind = POLICY_COACHING;
    cr_assert(policy_allows(&jobcoach, POLICY_WRITE, &t, NULL));
    cr_assert(policy_allows(&recruiter, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_WRITE, &t, NULL));
    cr_assert_not(policy_allows(&mentor, POLICY_WRITE, &t, NULL), "a mentor who does not coach the person");
    cr_assert(policy_allows(&mentor, POLICY_WRITE, &coached, NULL), "the person's own mentor");
    cr_assert(policy_allows(&self, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&self, POLICY_WRITE, &t, NULL));
    cr_assert_not(policy_allows(&other, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&elsewhere, POLICY_READ, &t, NULL));
    /* Notes and signals: the coaches and the coordinator only. */
    t.kind = coached.kind = POLICY_GUIDANCE_NOTE;
    cr_assert(policy_allows(&mentor, POLICY_READ, &coached, NULL));
    cr_assert(policy_allows(&coordinator, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&jobcoach, POLICY_READ, &t, NULL), "not the person's coach");
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&supervisor, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&self, POLICY_READ, &t, NULL), "coaching notes are the coach's");
    /* Check-ins: the person, coaches and supervisors of orgs. */
    t.kind = coached.kind = POLICY_CHECKIN;
    cr_assert(policy_allows(&self, POLICY_WRITE, &t, NULL));
    cr_assert(policy_allows(&supervisor, POLICY_WRITE, &t, NULL));
    cr_assert(policy_allows(&mentor, POLICY_READ, &coached, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&other, POLICY_WRITE, &t, NULL));
    /* Support needs (debts): coaches and jobcoaches of orgs; never a recruiter or supervisor. */
    t.kind = coached.kind = POLICY_SUPPORT_NEED;
    cr_assert(policy_allows(&jobcoach, POLICY_READ, &t, NULL));
    cr_assert(policy_allows(&jobcoach, POLICY_WRITE, &t, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &t, NULL), "a recruiter of the jobcoach's own organisation");
    cr_assert_not(policy_allows(&supervisor, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&elsewhere, POLICY_READ, &t, NULL));
    cr_assert(policy_allows(&mentor, POLICY_READ, &coached, NULL));
    cr_assert(policy_allows(&self, POLICY_READ, &t, NULL));
    cr_assert_not(policy_allows(&self, POLICY_WRITE, &t, NULL));
    /* A coach link counts only for the coaching roles: a recruiter or a
     * supervisor linked as someone's coach still never sees notes or debts. */
    coached.kind = POLICY_SUPPORT_NEED;
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &coached, NULL), "a recruiter made coach");
    cr_assert_not(policy_allows(&supervisor, POLICY_READ, &coached, NULL), "a supervisor made coach");
    coached.kind = POLICY_GUIDANCE_NOTE;
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &coached, NULL));
    cr_assert(policy_allows(&jobcoach, POLICY_READ, &coached, NULL), "a jobcoach who coaches the person");
    /* Reads of notes, check-ins and support needs are audited. */
    cr_assert(policy_sensitive(POLICY_GUIDANCE_NOTE));
    cr_assert(policy_sensitive(POLICY_CHECKIN));
    cr_assert(policy_sensitive(POLICY_SUPPORT_NEED));
    cr_assert_not(policy_sensitive(POLICY_COACHING));
}

Test(policy, deployment_is_planned_by_the_organisation)
{
    const int64_t opella[] = {OPELLA};
    auth_principal recruiter = who(1, ROLE_RECRUITER, OPELLA, 0);
    auth_principal supervisor = who(2, ROLE_SUPERVISOR, OPELLA, 0);
    auth_principal other_org = who(3, ROLE_RECRUITER, ZINZIA, 0);
    auth_principal trainer = who(4, ROLE_TRAINER, OPELLA, 0);
    auth_principal runner = who(5, ROLE_PARTICIPANT, 0, 900);
    auth_principal other_runner = who(6, ROLE_PARTICIPANT, 0, 901);
    auth_principal coordinator = who(7, ROLE_COORDINATOR, 0, 0);

    policy_target shift = {.kind = POLICY_DEPLOY_SHIFT, .id = 1, .orgs = opella, .norgs = 1};
    cr_assert(policy_allows(&recruiter, POLICY_WRITE, &shift, NULL));
    cr_assert(policy_allows(&supervisor, POLICY_WRITE, &shift, NULL));
    cr_assert(policy_allows(&trainer, POLICY_READ, &shift, NULL), "staff of the organisation read");
    cr_assert_not(policy_allows(&trainer, POLICY_WRITE, &shift, NULL));
    cr_assert_not(policy_allows(&other_org, POLICY_READ, &shift, NULL), "another organisation's shifts");
    cr_assert(policy_allows(&runner, POLICY_READ, &shift, NULL), "published shifts are read by runners");
    cr_assert_not(policy_allows(&runner, POLICY_WRITE, &shift, NULL));

    policy_target plan = {.kind = POLICY_DEPLOY_PLAN, .id = 1, .orgs = opella, .norgs = 1};
    policy_target region = {.kind = POLICY_DEPLOY_PLAN, .id = 2};
    cr_assert(policy_allows(&recruiter, POLICY_WRITE, &plan, NULL));
    cr_assert_not(policy_allows(&trainer, POLICY_READ, &plan, NULL));
    cr_assert_not(policy_allows(&other_org, POLICY_READ, &plan, NULL));
    cr_assert_not(policy_allows(&runner, POLICY_READ, &plan, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &region, NULL), "a regional plan is the coordinator's");
    cr_assert(policy_allows(&coordinator, POLICY_WRITE, &region, NULL));

    policy_target profile = {.kind = POLICY_DEPLOY_PROFILE, .id = 900, .orgs = opella, .norgs = 1, .person_id = 900};
    cr_assert(policy_allows(&runner, POLICY_WRITE, &profile, NULL), "own availability");
    cr_assert_not(policy_allows(&other_runner, POLICY_READ, &profile, NULL));
    cr_assert(policy_allows(&recruiter, POLICY_WRITE, &profile, NULL));
    cr_assert(policy_allows(&trainer, POLICY_READ, &profile, NULL));
    cr_assert_not(policy_allows(&trainer, POLICY_WRITE, &profile, NULL));
    cr_assert_not(policy_allows(&other_org, POLICY_READ, &profile, NULL));

    policy_target docs = {.kind = POLICY_DEPLOY_DOCUMENT, .id = 900, .orgs = opella, .norgs = 1, .person_id = 900};
    cr_assert(policy_allows(&runner, POLICY_READ, &docs, NULL));
    cr_assert_not(policy_allows(&runner, POLICY_WRITE, &docs, NULL), "a runner cannot check their own VOG");
    cr_assert(policy_allows(&supervisor, POLICY_WRITE, &docs, NULL));
    cr_assert_not(policy_allows(&trainer, POLICY_READ, &docs, NULL), "documents are not for every staff member");
    cr_assert(policy_sensitive(POLICY_DEPLOY_DOCUMENT));

    policy_target roster = {.kind = POLICY_DEPLOY_ROSTER, .id = 7, .orgs = opella, .norgs = 1, .person_id = 900};
    cr_assert(policy_allows(&runner, POLICY_WRITE, &roster, NULL), "claims and cancels own");
    cr_assert_not(policy_allows(&other_runner, POLICY_READ, &roster, NULL));
    cr_assert(policy_allows(&trainer, POLICY_READ, &roster, NULL));
    cr_assert_not(policy_allows(&other_org, POLICY_READ, &roster, NULL), "people rostered elsewhere stay hidden");

    policy_target hours = {.kind = POLICY_DEPLOY_HOURS, .id = 7, .orgs = opella, .norgs = 1, .person_id = 900};
    cr_assert(policy_allows(&supervisor, POLICY_WRITE, &hours, NULL));
    cr_assert_not(policy_allows(&recruiter, POLICY_WRITE, &hours, NULL), "the supervisor confirms hours");
    cr_assert(policy_allows(&recruiter, POLICY_READ, &hours, NULL));
    cr_assert(policy_allows(&runner, POLICY_READ, &hours, NULL));
    cr_assert_not(policy_allows(&runner, POLICY_WRITE, &hours, NULL));
    cr_assert_not(policy_allows(&other_runner, POLICY_READ, &hours, NULL));
}
