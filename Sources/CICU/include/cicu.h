/* Unversioned wrappers over the system ICU (libicu-dev).
   ICU renames its symbols per version (ubrk_open_72); these wrappers give
   Swift one stable name each and keep ICU's headers out of Swift. */
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

/* ---- Break iteration over UTF-8 text (offsets are UTF-8 byte offsets) ---- */

typedef struct cicu_breaker cicu_breaker;

enum { CICU_BREAK_SENTENCE = 0, CICU_BREAK_WORD = 1 };

/* Returns NULL on failure and writes ICU's error name into err. */
cicu_breaker *cicu_breaker_open(int kind, const char *locale, char *err, int32_t errlen);
/* Points the iterator at text[0..<length]; the text must outlive the iteration. */
int cicu_breaker_set_utf8(cicu_breaker *b, const char *text, int64_t length);
/* Next boundary after the current one, or -1 when done. First call gives the first boundary after 0. */
int64_t cicu_breaker_next(cicu_breaker *b);
/* For word breaks: ICU's rule status (0 none/punctuation, 100.. number, 200.. letter, 300.. kana, 400.. ideographic). */
int32_t cicu_breaker_rule_status(cicu_breaker *b);
void cicu_breaker_close(cicu_breaker *b);

/* ---- Normalization over UTF-16 ---- */

enum { CICU_NFC = 0, CICU_NFKC = 1, CICU_NFKC_CASEFOLD = 2 };

/* Writes the normalized text into dst; returns its length, or -1 on error.
   If the result does not fit, returns the needed length (> capacity). */
int32_t cicu_normalize(int form, const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity);

/* ---- Transliteration (e.g. "Traditional-Simplified", "Han-Latin") ---- */

typedef struct cicu_transliterator cicu_transliterator;

cicu_transliterator *cicu_transliterator_open(const char *id, char *err, int32_t errlen);
/* Transforms buf[0..<length] in place; returns the new length, or -1 on error.
   If the result does not fit, returns the needed length (> capacity) and buf is unspecified. */
int32_t cicu_transliterate(cicu_transliterator *t, uint16_t *buf, int32_t length, int32_t capacity);
void cicu_transliterator_close(cicu_transliterator *t);

/* ---- Collation ---- */

typedef struct cicu_collator cicu_collator;

cicu_collator *cicu_collator_open(const char *locale, char *err, int32_t errlen);
/* <0, 0, >0 like strcmp, over UTF-16 strings. */
int32_t cicu_collator_compare(cicu_collator *c, const uint16_t *a, int32_t alen, const uint16_t *b, int32_t blen);
void cicu_collator_close(cicu_collator *c);

#endif
