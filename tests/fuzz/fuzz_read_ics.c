/* fuzz_read_ics — iCalendar through the door (libical, recurrences expanded).
 * The checks are fuzz_read.h's, shared by every reader target. */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read_one("fuzz_read_ics", READ_ICAL, data, size);
}
