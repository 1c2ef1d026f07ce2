/*
 * The growing allocation sites of a summary's "heaptrack" object, as terminal text:
 * the table's top five, and the sites that grow in one run and not in another (--diff).
 * Pure.
 */
#ifndef OYA_TEXT_SITES_H
#define OYA_TEXT_SITES_H

#include <json-c/json.h>

#include "text_report.h"

#define OYA_TEXT_SITES_SHOWN 5 /* sites in the table */
#define OYA_TEXT_SITE_FRAMES 3 /* frames per site in the table */

/* The top growing sites of HT into T (nothing when HT has no growing_sites list). */
void oya_text_growing_sites(struct oya_text *t, const json_object *ht);

/* The growing sites of NOW_HT that are not among BASE_HT's (matched by their innermost frame's
 * function and location): a new array of the site objects; NULL on ENOMEM. */
json_object *oya_new_growing_sites(const json_object *base_ht, const json_object *now_ht);

/* The sites that grow in NOW_HT and not in BASE_HT (matched by their innermost frame's function
 * and location), as text; "" when there are none, NULL on ENOMEM. The caller frees it. */
char *oya_text_new_growing(const json_object *base_ht, const json_object *now_ht);

#endif
