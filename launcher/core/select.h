/* Quickselect, written once and stamped out per element type (the statistics use uint64_t and double). */
#ifndef OYA_SELECT_H
#define OYA_SELECT_H

#include <stddef.h>

/*
 * OYA_SELECT_DEFINE(name, type) defines
 *     static void name(type *v, size_t n, size_t k)
 * which reorders V[0..N) (N > 0, K < N) so that V[K] holds the K-th smallest value, in expected
 * linear time (median-of-three pivots, Hoare partition).
 */
/* NOLINTBEGIN(bugprone-macro-parentheses): TYPE is a type name, which takes no parentheses */
#define OYA_SELECT_DEFINE(name, type)                                    \
	static void name##_swap(type *a, type *b)                        \
	{                                                                \
		type t = *a;                                             \
                                                                         \
		*a = *b;                                                 \
		*b = t;                                                  \
	}                                                                \
                                                                         \
	static void name(type *v, size_t n, size_t k)                    \
	{                                                                \
		size_t lo = 0, hi = n - 1;                               \
                                                                         \
		while (hi > lo) {                                        \
			size_t mid = lo + (hi - lo) / 2, i = lo, j = hi; \
			type pivot;                                      \
                                                                         \
			if (v[mid] < v[lo])                              \
				name##_swap(&v[mid], &v[lo]);            \
			if (v[hi] < v[lo])                               \
				name##_swap(&v[hi], &v[lo]);             \
			if (v[hi] < v[mid])                              \
				name##_swap(&v[hi], &v[mid]);            \
			pivot = v[mid];                                  \
			while (i <= j) {                                 \
				while (v[i] < pivot)                     \
					i++;                             \
				while (v[j] > pivot)                     \
					j--;                             \
				if (i <= j) {                            \
					name##_swap(&v[i], &v[j]);       \
					i++;                             \
					if (j == 0)                      \
						break;                   \
					j--;                             \
				}                                        \
			}                                                \
			if (k <= j)                                      \
				hi = j;                                  \
			else if (k >= i)                                 \
				lo = i;                                  \
			else                                             \
				return;                                  \
		}                                                        \
	}
/* NOLINTEND(bugprone-macro-parentheses) */

#endif
