#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

static void copy_error(UErrorCode status, char *err, int32_t errlen) {
    if (err && errlen > 0) {
        strncpy(err, u_errorName(status), (size_t)errlen - 1);
        err[errlen - 1] = 0;
    }
}

struct cicu_breaker {
    UBreakIterator *iterator;
    UText *text;
};

cicu_breaker *cicu_breaker_open(int kind, const char *locale, char *err, int32_t errlen) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIteratorType type = kind == CICU_BREAK_WORD ? UBRK_WORD : UBRK_SENTENCE;
    UBreakIterator *it = ubrk_open(type, locale, NULL, 0, &status);
    if (U_FAILURE(status)) {
        copy_error(status, err, errlen);
        return NULL;
    }
    cicu_breaker *b = calloc(1, sizeof *b);
    b->iterator = it;
    return b;
}

int cicu_breaker_set_utf8(cicu_breaker *b, const char *text, int64_t length) {
    UErrorCode status = U_ZERO_ERROR;
    /* Reuses the UText allocation between calls. */
    b->text = utext_openUTF8(b->text, text, length, &status);
    if (U_FAILURE(status)) return -1;
    ubrk_setUText(b->iterator, b->text, &status);
    return U_FAILURE(status) ? -1 : 0;
}

int64_t cicu_breaker_next(cicu_breaker *b) {
    int32_t p = ubrk_next(b->iterator);
    return p == UBRK_DONE ? -1 : (int64_t)p;
}

int32_t cicu_breaker_rule_status(cicu_breaker *b) {
    return ubrk_getRuleStatus(b->iterator);
}

void cicu_breaker_close(cicu_breaker *b) {
    if (!b) return;
    ubrk_close(b->iterator);
    if (b->text) utext_close(b->text);
    free(b);
}

int32_t cicu_normalize(int form, const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n;
    switch (form) {
    case CICU_NFC: n = unorm2_getNFCInstance(&status); break;
    case CICU_NFKC: n = unorm2_getNFKCInstance(&status); break;
    default: n = unorm2_getNFKCCasefoldInstance(&status); break;
    }
    if (U_FAILURE(status)) return -1;
    int32_t out = unorm2_normalize(n, (const UChar *)src, length, (UChar *)dst, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return out;
    return U_FAILURE(status) ? -1 : out;
}

struct cicu_transliterator {
    UTransliterator *trans;
};

cicu_transliterator *cicu_transliterator_open(const char *id, char *err, int32_t errlen) {
    UErrorCode status = U_ZERO_ERROR;
    UChar uid[128];
    int32_t n = 0;
    for (; id[n] && n < 127; n++) uid[n] = (UChar)(unsigned char)id[n];
    UTransliterator *t = utrans_openU(uid, n, UTRANS_FORWARD, NULL, 0, NULL, &status);
    if (U_FAILURE(status)) {
        copy_error(status, err, errlen);
        return NULL;
    }
    cicu_transliterator *r = calloc(1, sizeof *r);
    r->trans = t;
    return r;
}

int32_t cicu_transliterate(cicu_transliterator *t, uint16_t *buf, int32_t length, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t textLength = length;
    int32_t limit = length;
    utrans_transUChars(t->trans, (UChar *)buf, &textLength, capacity, 0, &limit, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return textLength > capacity ? textLength : capacity + 1;
    return U_FAILURE(status) ? -1 : textLength;
}

void cicu_transliterator_close(cicu_transliterator *t) {
    if (!t) return;
    utrans_close(t->trans);
    free(t);
}

struct cicu_collator {
    UCollator *coll;
};

cicu_collator *cicu_collator_open(const char *locale, char *err, int32_t errlen) {
    UErrorCode status = U_ZERO_ERROR;
    UCollator *c = ucol_open(locale, &status);
    if (U_FAILURE(status)) {
        copy_error(status, err, errlen);
        return NULL;
    }
    cicu_collator *r = calloc(1, sizeof *r);
    r->coll = c;
    return r;
}

int32_t cicu_collator_compare(cicu_collator *c, const uint16_t *a, int32_t alen, const uint16_t *b, int32_t blen) {
    return (int32_t)ucol_strcoll(c->coll, (const UChar *)a, alen, (const UChar *)b, blen);
}

void cicu_collator_close(cicu_collator *c) {
    if (!c) return;
    ucol_close(c->coll);
    free(c);
}
