/* The summary's "tree" object: the unsampled images by name, their JSON and their words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tree_facts.h"

static void test_names(void **state)
{
	struct oya_tree_facts f;
	char name[32];
	int i;

	(void)state;
	memset(&f, 0, sizeof(f));
	oya_tree_facts_unsampled(&f, "cc1");
	oya_tree_facts_unsampled(&f, "as");
	oya_tree_facts_unsampled(&f, "cc1");
	oya_tree_facts_unsampled(&f, NULL);
	oya_tree_facts_unsampled(&f, "");
	assert_int_equal(f.unsampled, 5);
	assert_int_equal(f.nnames, 3);
	assert_string_equal(f.names[0].exe, "cc1");
	assert_int_equal(f.names[0].images, 2);
	assert_string_equal(f.names[2].exe, "");
	assert_int_equal(f.names[2].images, 2);
	/* past the table: counted as others */
	for (i = 0; i < OYA_TREE_NAMES + 2; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		oya_tree_facts_unsampled(&f, name);
	}
	assert_int_equal(f.nnames, OYA_TREE_NAMES);
	assert_int_equal(f.other, 5);
	assert_int_equal(f.unsampled, 5 + OYA_TREE_NAMES + 2);
	oya_tree_facts_unsampled(NULL, "x"); /* no facts: nothing */
}

static void test_long_name(void **state)
{
	struct oya_tree_facts f;
	char name[OYA_TREE_NAME_MAX * 2];

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	oya_tree_facts_unsampled(&f, name);
	oya_tree_facts_unsampled(&f, name);
	assert_int_equal(f.nnames, 1);
	assert_int_equal(strlen(f.names[0].exe), OYA_TREE_NAME_MAX - 1);
	assert_int_equal(f.names[0].images, 2);
}

static void test_json(void **state)
{
	struct oya_tree_facts f;
	json_object *o, *a, *v;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.followed_by = OYA_TREE_BY_EVENTS;
	f.sampler = OYA_TREE_SAMPLER_LAUNCHER;
	f.processes = 201;
	oya_tree_facts_unsampled(&f, "sh");
	oya_tree_facts_unsampled(&f, "static-target");
	oya_tree_facts_unsampled(&f, "static-target");
	oya_tree_facts_unsampled(&f, "");
	o = oya_tree_facts_json(&f);
	assert_non_null(o);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
			    "{\"followed_by\":\"proc_events\",\"sampler\":\"launcher\",\"processes\":201,\"unsampled_images\":4,"
			    "\"unsampled\":[{\"exe\":\"static-target\",\"images\":2},{\"exe\":\"sh\",\"images\":1},"
			    "{\"exe\":null,\"images\":1}],\"unsampled_other_images\":0}");
	json_object_put(o);
	/* nothing unsampled, the way not known */
	memset(&f, 0, sizeof(f));
	o = oya_tree_facts_json(&f);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "followed_by", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "sampler", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "unsampled", &a));
	assert_int_equal(json_object_array_length(a), 0);
	json_object_put(o);
	assert_null(oya_tree_facts_json(NULL));
}

static void test_text(void **state)
{
	struct oya_tree_facts f;
	char buf[128], small[12];
	int i;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(oya_tree_facts_text(buf, sizeof(buf), &f, 3), 0);
	assert_string_equal(buf, "");
	for (i = 0; i < 3; i++)
		oya_tree_facts_unsampled(&f, "cc1");
	oya_tree_facts_unsampled(&f, "as");
	oya_tree_facts_unsampled(&f, NULL);
	oya_tree_facts_unsampled(&f, "ld");
	oya_tree_facts_unsampled(&f, "ld");
	assert_int_equal(oya_tree_facts_text(buf, sizeof(buf), &f, 5), strlen("cc1 3, ld 2, as 1, 1 unnamed"));
	assert_string_equal(buf, "cc1 3, ld 2, as 1, 1 unnamed");
	oya_tree_facts_text(buf, sizeof(buf), &f, 2);
	assert_string_equal(buf, "cc1 3, ld 2, and 2 more");
	oya_tree_facts_text(buf, sizeof(buf), &f, 0);
	assert_string_equal(buf, "7 more");
	/* cut to the buffer */
	assert_int_equal(oya_tree_facts_text(small, sizeof(small), &f, 5), sizeof(small) - 1);
	assert_string_equal(small, "cc1 3, ld 2");
	assert_int_equal(oya_tree_facts_text(NULL, 10, &f, 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
