/* fuzz_import_sched — the importer's reader for a sched.com list page saved as text.
 * The checks are in fuzz_import.h, shared by the three importer targets. */
#include "fuzz_import.h"
#include "imp_sched.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one("fuzz_import_sched", imp_sched_read, data, size);
}
