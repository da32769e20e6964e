/* fuzz_read_xml — schedule.xml through the door (expat, streaming).
 * The checks are fuzz_read.h's, shared by every reader target. */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read_one("fuzz_read_xml", READ_FRAB_XML, data, size);
}
