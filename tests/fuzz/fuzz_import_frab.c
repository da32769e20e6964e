/* fuzz_import_frab — roomboard-import's reading of what a screen reads
 * (--format frab: every format the door detects). The checks are in
 * fuzz_import.h. */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one("fuzz_import_frab", IMP_FRAB, data, size);
}
