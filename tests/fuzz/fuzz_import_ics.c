/* fuzz_import_ics — the importer's reader for an iCalendar file.
 * The checks are in fuzz_import.h, shared by the three importer targets. */
#include "fuzz_import.h"
#include "imp_ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one("fuzz_import_ics", imp_ics_read, data, size);
}
