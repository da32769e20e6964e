/* kiosk — the SDL2 screen: window or KMS, the event-driven render loop,
 * room cycling, rotation, --screenshot. Owns the fetcher while it runs. */
#ifndef ROOMBOARD_KIOSK_H
#define ROOMBOARD_KIOSK_H

#include "cfg.h"

/* Runs the kiosk (or renders cfg->screenshot, or cfg->bench_frames frames)
 * with the effective config. Returns the process exit code. Messages go to
 * stderr as one line each. */
RB_MUST_CHECK int kiosk_run(const struct cfg *cfg);

#endif
