/* fuzz_read_sched — a sched.com page through the door (read_sched.c), the
 * zone from the page or, for inputs starting with an odd byte, given.
 * The checks are fuzz_read.h's, shared by every reader target. */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *tz = size > 0 && (data[0] & 1) ? "Europe/London" : NULL;

    return fuzz_read_one_tz("fuzz_read_sched", READ_SCHED, tz, data, size);
}
