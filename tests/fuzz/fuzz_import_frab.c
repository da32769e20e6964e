/* fuzz_import_frab — the importer's reader for a frab/pretalx schedule.json through the importer.
 * The checks are in fuzz_import.h, shared by the three importer targets. */
#include "fuzz_import.h"
#include "imp_frab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one("fuzz_import_frab", imp_frab_read, data, size);
}
