/* gen — realistic, deterministic schedules (see gen.h). */
#include "gen.h"

#include <stdio.h>
#include <string.h>

#include "tz.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: small, fast, and the same on every platform. */
struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t rng_below(struct rng *r, size_t n)
{
    return n ? (size_t)(rng_next(r) % n) : 0;
}

static const char *pick(struct rng *r, const char *const *list, size_t n)
{
    return list[rng_below(r, n)];
}

#define PICK(r, list) pick((r), (list), ARRAY_LEN(list))

static const char *const room_names[] = {
    "Saal 1",
    "Saal 2",
    "Saal Zuse",
    "Hörsaal Ada Lovelace",
    "Salle Marie Curie",
    "Aula Magna",
    "Sala Ñandú",
    "Workshop-Raum Ü1",
    "Studio Østerbro",
    "Lab Łódź",
    "Foyer Stage",
    "Κεντρική Αίθουσα",
    "会议室 A",
    "Зал Гагарин",
    "Room 101",
    "Room 102",
    "Assembly Hall Grace Hopper",
    "Café Zürich",
    "Kids' Space",
    "Lightning Corner",
};

static const struct {
    const char *name, *color;
} tracks[] = {
    {"Security", "#d0021b"},
    {"Hardware & Making", "#f5a623"},
    {"Ethics, Society & Politics", "#8b572a"},
    {"Science", "#4a90e2"},
    {"Art & Culture", "#bd10e0"},
    {"Entertainment", "#7ed321"},
    {"Community", "#50e3c2"},
    {"Résilience", "#9013fe"},
    {"Open Source", "#417505"},
    {"Education", "#f8e71c"},
};

static const char *const first_names[] = {
    "Anna",   "José",       "Zoë",      "Łukasz", "Søren",    "Ngozi",      "Wei",
    "Dmitri", "Αλέξανδρος", "Дарья",    "Chloé",  "François", "Björn",      "Aoife",
    "Mehmet", "Priya",      "Kenji",    "Fatima", "Jürgen",   "María José", "Siobhán",
    "Tomáš",  "Olúwasẹ̀un",  "Nguyễn",   "Amélie", "Ruairí",   "Jiří",       "Ines",
    "Kai",    "Leilani",    "Matthias", "Ewa",    "Hana",     "Ólafur",     "Renée",
};

static const char *const last_names[] = {
    "Müller",   "Martínez",  "Brontë",       "Żółkiewski", "Kierkegaard", "Adichie",
    "王",       "Иванов",    "Παπαδόπουλος", "Nakamura",   "O'Connor",    "da Silva",
    "Ødegaard", "Dvořák",    "Nuñez",        "Çelik",      "Yılmaz",      "Fernández",
    "Lefèvre",  "Kowalczyk", "Schrödinger",  "Hernández",  "Ó Briain",    "van der Berg",
    "Patel",    "Gonçalves", "Jovanović",    "Lindqvist",  "Tanaka",      "Kuznetsova",
    "佐藤",     "Abdullah",  "Novák",        "Grünewald",  "Þórsdóttir",
};

static const char *const adjectives[] = {
    "Practical",       "Resilient", "Open",         "Decentralised", "Accessible", "Secure",
    "Naïve",           "Low-power", "Reproducible", "Sovereign",     "Tiny",       "Ethical",
    "Fehlertolerante", "Élégant",   "Verifiable",   "Sustainable",
};

static const char *const nouns[] = {
    "mesh networks",   "firmware updates", "voting machines", "satellite ground stations",
    "e-ink displays",  "supply chains",    "public Wi-Fi",    "LoRa sensors",
    "memory safety",   "digital archives", "bike sharing",    "RISC-V boards",
    "smart meters",    "schedule formats", "Überwachung",     "radio astronomy",
    "façade lighting", "open hardware",    "compilers",       "time zones",
};

static const char *const places[] = {
    "São Paulo", "Kraków",   "Zürich", "Reykjavík", "Lagos",   "Москва",     "東京",
    "Αθήνα",     "Montréal", "Málaga", "Göteborg",  "Nairobi", "Chiang Mai", "Köln",
};

static const char *const audiences[] = {
    "beginners", "activists", "city councils", "small NGOs", "teachers", "everyone",
};

static const char *const patterns[] = {
    "%s %s for %s",
    "Why %s %s still matter",
    "%s %s: lessons from %s",
    ("Building %s %s in %s — what went wrong, what went right, and what we would do "
     "differently next time"),
    "%s %s, ten years later",
    "Hands-on: %s %s",
    "Ask me anything: %s %s",
};

static const char *const abstracts[] = {
    "We show what worked, what failed, and the numbers behind both.",
    "A tour through three years of field experience, with live demos.",
    "Bring a laptop; we build one from scratch together.",
    "Eine Einführung für alle, die schon immer wissen wollten, wie es funktioniert.",
    "Une présentation des résultats, suivie d'une discussion ouverte.",
};

static const char *const languages[] = {"en", "en", "en", "en", "de", "de", "fr"};

void gen_congress(struct gen_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->sessions = 1500;
    o->rooms = 20;
    o->days = 4;
    o->seed = 1;
    o->year = 2026;
    o->mon = 6;
    o->mday = 15;
    o->tz = "Europe/Berlin";
    o->title = "Open Infrastructure Congress 2026";
    o->acronym = "oic26";
}

void gen_stress(struct gen_opts *o)
{
    gen_congress(o);
    o->sessions = 50000;
    o->rooms = 100;
    o->days = 10;
    o->title = "Stress Test Mega-Event";
    o->acronym = "stress";
}

static void room_name(size_t i, char *buf, size_t size)
{
    if (i < ARRAY_LEN(room_names))
        snprintf(buf, size, "%s", room_names[i]);
    else
        snprintf(buf, size, "Room %zu", i + 1);
}

static void make_title(struct rng *r, const struct gen_opts *o, size_t serial, char *buf,
                       size_t size)
{
    const char *pat = PICK(r, patterns);
    const char *a = PICK(r, adjectives), *b = PICK(r, nouns);
    const char *c =
        strstr(pat, "lessons") || strstr(pat, "Building") ? PICK(r, places) : PICK(r, audiences);
    /* The patterns are fixed strings of this file with exactly the
     * conversions given here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int n = snprintf(buf, size, pat, a, b, c);
#pragma GCC diagnostic pop
    /* A new revision renames a few sessions, as organizers do all day. */
    if (o->revision && serial % 97 == o->revision % 97 && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " (updated, rev. %u)", o->revision);
}

static bool add(struct sched *s, struct rng *r, const struct gen_opts *o, const char *room,
                int64_t start, int64_t minutes, const char *type, const char *title, size_t serial,
                struct err *err)
{
    char guid[64], id[24], url[96], tbuf[320];
    char names[3][96];
    const char *speakers[3];
    size_t nsp = type && strcmp(type, "Break") == 0 ? 0 : 1 + rng_below(r, 3);
    for (size_t i = 0; i < nsp; i++) {
        snprintf(names[i], sizeof(names[i]), "%s %s", PICK(r, first_names), PICK(r, last_names));
        speakers[i] = names[i];
    }
    if (!title) {
        make_title(r, o, serial, tbuf, sizeof(tbuf));
        title = tbuf;
    }
    snprintf(guid, sizeof(guid), "%08llx-0000-4000-8000-%012zx",
             (unsigned long long)(o->seed & 0xffffffffu), serial);
    snprintf(id, sizeof(id), "%zu", serial + 1);
    snprintf(url, sizeof(url), "https://%s.example.org/talk/%zu/", o->acronym, serial + 1);
    size_t t = rng_below(r, ARRAY_LEN(tracks));
    struct sched_session_in in = {
        .guid = guid,
        .id = id,
        .title = title,
        .subtitle = "",
        .track = tracks[t].name,
        .type = type ? type : "Talk",
        .language = PICK(r, languages),
        .abstract = PICK(r, abstracts),
        .url = url,
        .room = room,
        .speakers = speakers,
        .nspeakers = nsp,
        .start = start + o->shift_s,
        .end = start + o->shift_s + minutes * 60,
        /* About one in forty is cancelled, as in real exports. */
        .cancelled = rng_below(r, 40) == 0,
    };
    return sched_add_session(s, &in, err);
}

bool gen_build(const struct gen_opts *o, struct sched **out, struct err *err)
{
    struct sched *s = NULL;
    struct rng r = {o->seed * 0x2545f4914f6cdd1dULL + 7};
    if (o->rooms == 0 || o->days <= 0)
        return err_set(err, "gen: need at least one room and one day");
    if (!sched_new(o->title, o->acronym, o->tz, &s, err))
        return false;
    for (size_t t = 0; t < ARRAY_LEN(tracks); t++)
        if (!sched_add_track(s, tracks[t].name, tracks[t].color, err))
            goto fail;
    char name[64];
    for (size_t i = 0; i < o->rooms; i++) {
        room_name(i, name, sizeof(name));
        if (!sched_add_room(s, name, NULL, &(size_t){0}, err))
            goto fail;
    }

    size_t roomdays = o->rooms * (size_t)o->days, serial = 0;
    for (int d = 0; d < o->days; d++) {
        int y, m, md;
        tz_civil_from_days(tz_days_from_civil(o->year, o->mon, o->mday) + d, &y, &m, &md);
        int64_t midnight;
        if (!tz_from_local(s->tz, y, m, md, 0, 0, 0, &midnight)) {
            err_set(err, "gen: bad start date %04d-%02d-%02d", y, m, md);
            goto fail;
        }
        for (size_t room = 0; room < o->rooms; room++) {
            size_t rd = (size_t)d * o->rooms + room;
            size_t n = o->sessions / roomdays + (rd < o->sessions % roomdays ? 1 : 0);
            if (n == 0)
                continue;
            room_name(room, name, sizeof(name));
            /* 09:30 to about 22:00 less lunch and coffee: ~690 minutes. */
            int64_t slot = 690 / (int64_t)n;
            slot -= slot % 5;
            if (slot < 15)
                slot = 15;
            int64_t min = 9 * 60 + 30; /* minutes after local midnight */
            size_t i = 0;
            if (room == 0) {
                /* Each day opens with a keynote in the big room. */
                char title[160];
                snprintf(title, sizeof(title), "Keynote day %d: %s %s", d + 1, PICK(&r, adjectives),
                         PICK(&r, nouns));
                if (!add(s, &r, o, name, midnight + min * 60, 60, "Keynote", title, serial++, err))
                    goto fail;
                min += 75;
                i++;
            }
            if (room == 1 && d == 1 && n >= 8) {
                /* A long hackathon block with short talks inside it: the
                 * engine must show the talk, not the block. */
                if (!add(s, &r, o, name, midnight + 14 * 3600, 180, "Workshop",
                         "Hackathon: öffentliche Verkehrsdaten", serial++, err))
                    goto fail;
                i++;
            }
            for (; i < n; i++) {
                if (min >= 12 * 60 + 30 && min < 13 * 60 + 30)
                    min = 13 * 60 + 30; /* lunch */
                if (min >= 16 * 60 && min < 16 * 60 + 30)
                    min = 16 * 60 + 30; /* coffee */
                int64_t gap = slot < 30 ? 5 : 5 * (int64_t)(1 + rng_below(&r, 2));
                int64_t dur = slot - gap;
                const char *type = "Talk";
                if (dur >= 40 && rng_below(&r, 8) == 0)
                    type = "Panel";
                else if (dur >= 40 && rng_below(&r, 10) == 0)
                    type = "Workshop";
                else if (dur <= 15)
                    type = "Lightning Talk";
                if (rng_below(&r, 150) == 0) {
                    dur = 0; /* a "doors open" marker: zero length */
                    type = "Meta";
                }
                bool evening = room < 2 && i + 1 == n;
                if (evening) {
                    /* The last one in the two big rooms is a late concert
                     * that runs past midnight. */
                    min = min < 23 * 60 ? 23 * 60 : min;
                    dur = 120;
                    type = "Concert";
                }
                if (!add(s, &r, o, name, midnight + min * 60, dur, type, NULL, serial++, err))
                    goto fail;
                min += slot;
            }
        }
    }
    if (!sched_finish(s, err))
        goto fail;
    *out = s;
    return true;
fail:
    sched_free(s);
    return false;
}

bool gen_one_room(size_t n, struct sched **out, struct err *err)
{
    struct sched *s = NULL;
    if (!sched_new("One room", "one", "UTC", &s, err))
        return false;
    int64_t t0 = tz_days_from_civil(2026, 1, 5) * 86400 + 9 * 3600;
    for (size_t i = 0; i < n; i++) {
        char title[48], guid[48];
        snprintf(title, sizeof(title), "Session %zu", i + 1);
        snprintf(guid, sizeof(guid), "one-room-%zu", i + 1);
        /* 10-minute sessions with a 5-minute break between them. */
        struct sched_session_in in = {
            .guid = guid,
            .id = "",
            .title = title,
            .subtitle = "",
            .track = "",
            .type = "Talk",
            .language = "en",
            .abstract = "",
            .url = "",
            .room = "Hall",
            .start = t0 + (int64_t)i * 900,
            .end = t0 + (int64_t)i * 900 + 600,
        };
        if (!sched_add_session(s, &in, err)) {
            sched_free(s);
            return false;
        }
    }
    if (!sched_finish(s, err)) {
        sched_free(s);
        return false;
    }
    *out = s;
    return true;
}
