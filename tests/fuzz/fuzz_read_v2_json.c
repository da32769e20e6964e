/* fuzz_read_v2_json — c3voc schedule v2 through the door.
 * The checks are fuzz_read.h's, shared by every reader target. */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read_one("fuzz_read_v2_json", READ_V2_JSON, data, size);
}
