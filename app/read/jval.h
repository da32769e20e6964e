/* jval — typed lookups in a cJSON tree: each returns NULL when the key is
 * missing or holds another type, so readers never read a value unchecked. */
#ifndef ROOMBOARD_JVAL_H
#define ROOMBOARD_JVAL_H

#include <cjson/cJSON.h>
#include <stddef.h>

const cJSON *jval_obj(const cJSON *o, const char *key);
const cJSON *jval_arr(const cJSON *o, const char *key);
const char *jval_str(const cJSON *o, const char *key);

/* A string, or a number written into BUF as an integer (frab ids come as
 * either). */
const char *jval_text(const cJSON *o, const char *key, char *buf, size_t size);

#endif
