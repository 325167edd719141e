#include "FuzzDriver.h"
#include <stdio.h>
#include <stdlib.h>
#include <sanitizer/allocator_interface.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

// Live heap bytes, counted by ASan's allocation hooks. Readers run on the
// fuzzing thread only; the counters are only approximate if a library
// allocates on other threads, which is fine for a blow-up check.
static long long live_bytes;
static long long peak_bytes;

static void on_malloc(const volatile void *pointer, size_t size) {
    (void)pointer;
    live_bytes += (long long)size;
    if (live_bytes > peak_bytes) peak_bytes = live_bytes;
}

static void on_free(const volatile void *pointer) {
    if (pointer) live_bytes -= (long long)__sanitizer_get_allocated_size((const void *)pointer);
}

static tmkit_fuzz_callback user_callback;
static size_t growth_multiple;
static size_t growth_slack;

static int checked_callback(const uint8_t *data, size_t size) {
    long long before = live_bytes;
    peak_bytes = live_bytes;
    int result = user_callback(data, size);
    long long grown = peak_bytes - before;
    long long allowed = (long long)(growth_multiple * size + growth_slack);
    if (grown > allowed) {
        fprintf(stderr, "==tmkit-fuzz== memory blow-up: an input of %zu bytes used %lld bytes of heap at its peak (limit %lld)\n",
                size, grown, allowed);
        abort();  // libFuzzer saves the input as a crash artifact
    }
    return result;
}

int tmkit_fuzz_main(int *argc, char ***argv, tmkit_fuzz_callback callback, size_t multiple, size_t slack) {
    user_callback = callback;
    growth_multiple = multiple;
    growth_slack = slack;
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
    return LLVMFuzzerRunDriver(argc, argv, checked_callback);
}
