#ifndef TMKIT_FUZZ_DRIVER_H
#define TMKIT_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

typedef int (*tmkit_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer on `callback`. After each input, the peak heap the input
/// used (bytes allocated and not yet freed, above what was live before it)
/// must stay under `multiple` times its size plus `slack` bytes; otherwise the
/// run stops as a memory blow-up, with the input saved like a crash.
int tmkit_fuzz_main(int *argc, char ***argv, tmkit_fuzz_callback callback, size_t multiple, size_t slack);

#endif
