/* The process events connector's messages: the subscribe request and the parsing of crafted
 * datagrams laid out as linux/netlink.h, linux/connector.h and linux/cn_proc.h say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proc_events.h"

#define MSG_LEN 76 /* nlmsghdr 16 + cn_msg 20 + proc_event 40, as the kernel sends */

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* One connector message at B: event WHAT with data words W[0..N), the event LEN bytes long. */
static size_t msg(unsigned char *b, uint32_t what, const uint32_t *w, size_t n, uint16_t ev_len)
{
	uint64_t ts = 123456789ull;
	size_t i;

	memset(b, 0, MSG_LEN);
	put32(b, (uint32_t)(16 + 20 + ev_len));
	memcpy(b + 4, &(uint16_t){ 3 }, 2);
	put32(b + 16, 1); /* CN_IDX_PROC */
	put32(b + 20, 1); /* CN_VAL_PROC */
	put32(b + 28, 41);
	memcpy(b + 32, &ev_len, 2);
	put32(b + 36, what);
	memcpy(b + 44, &ts, 8);
	for (i = 0; i < n; i++)
		put32(b + 52 + 4 * i, w[i]);
	return 16 + 20 + ev_len;
}

struct seen {
	struct oya_pev ev[8];
	size_t n;
};

static void keep(void *ctx, const struct oya_pev *e)
{
	struct seen *s = ctx;

	if (s->n < 8)
		s->ev[s->n++] = *e;
}

static void test_request(void **state)
{
	unsigned char b[OYA_PEV_REQUEST_MAX];
	uint16_t u16;

	(void)state;
	/* the classic form: every kind, op LISTEN */
	assert_int_equal(oya_pev_request(b, sizeof(b), true, 0, 7, 99, 0), 40);
	assert_int_equal(get32(b), 40);
	memcpy(&u16, b + 4, 2);
	assert_int_equal(u16, 3);
	assert_int_equal(get32(b + 8), 7);
	assert_int_equal(get32(b + 16), 1);
	assert_int_equal(get32(b + 20), 1);
	assert_int_equal(get32(b + 28), 99);
	memcpy(&u16, b + 32, 2);
	assert_int_equal(u16, 4);
	assert_int_equal(get32(b + 36), 1);
	/* the filtered form: struct proc_input {op, mask} */
	assert_int_equal(oya_pev_request(b, sizeof(b), true, OYA_PEV_MASK_FORK | OYA_PEV_MASK_EXIT, 1, 0, 5), 44);
	memcpy(&u16, b + 32, 2);
	assert_int_equal(u16, 8);
	assert_int_equal(get32(b + 12), 5);
	assert_int_equal(get32(b + 40), 0x80000001u);
	assert_int_equal(oya_pev_request(b, sizeof(b), false, 0, 1, 0, 0), 40);
	assert_int_equal(get32(b + 36), 2); /* IGNORE */
	assert_int_equal(oya_pev_request(b, 39, true, 0, 1, 0, 0), 0);
	assert_int_equal(oya_pev_request(b, 43, true, 1, 1, 0, 0), 0);
	assert_int_equal(oya_pev_request(NULL, 64, true, 0, 1, 0, 0), 0);
}

static void test_kinds(void **state)
{
	unsigned char b[MSG_LEN * 4];
	const uint32_t fork_w[] = { 101, 100, 202, 202 }, exec_w[] = { 202, 202 };
	const uint32_t exit_w[] = { 203, 202, 256, 17, 101, 100 }, ack_w[] = { 0 };
	struct seen s = { .n = 0 };
	size_t len = 0;

	(void)state;
	len += msg(b + len, 0x00000001u, fork_w, 4, 40);
	len += msg(b + len, 0x00000002u, exec_w, 2, 40);
	len += msg(b + len, 0x80000000u, exit_w, 6, 40);
	len += msg(b + len, 0x00000000u, ack_w, 1, 40);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.ev[0].kind, OYA_PEV_FORK);
	assert_int_equal(s.ev[0].ptid, 101);
	assert_int_equal(s.ev[0].ppid, 100);
	assert_int_equal(s.ev[0].tid, 202);
	assert_int_equal(s.ev[0].pid, 202);
	assert_int_equal(s.ev[0].ts_ns, 123456789ull);
	assert_int_equal(s.ev[1].kind, OYA_PEV_EXEC);
	assert_int_equal(s.ev[1].pid, 202);
	assert_int_equal(s.ev[2].kind, OYA_PEV_EXIT);
	assert_int_equal(s.ev[2].tid, 203); /* a thread of 202 */
	assert_int_equal(s.ev[2].pid, 202);
	assert_int_equal(s.ev[2].exit_code, 256);
	assert_int_equal(s.ev[2].ppid, 100);
	assert_int_equal(s.ev[2].ptid, 101);
	assert_int_equal(s.ev[3].kind, OYA_PEV_ACK);
	assert_int_equal(s.ev[3].ack, 41);
	assert_int_equal(s.ev[3].err, 0);
}

static void test_old_and_other(void **state)
{
	unsigned char b[MSG_LEN * 2];
	const uint32_t exit_w[] = { 7, 7, 9, 17 }, uid_w[] = { 7, 7, 0, 0 };
	struct seen s = { .n = 0 };
	size_t len = 0;

	(void)state;
	/* an exit event of a kernel before the parent fields: 28 bytes of it suffice */
	len += msg(b, 0x80000000u, exit_w, 4, 28);
	len += msg(b + len, 0x00000004u, uid_w, 4, 40); /* a uid change: not used */
	assert_int_equal(oya_pev_parse(b, len, keep, &s), 2);
	assert_int_equal(s.ev[0].kind, OYA_PEV_EXIT);
	assert_int_equal(s.ev[0].exit_code, 9);
	assert_int_equal(s.ev[0].ppid, 0);
	assert_int_equal(s.ev[1].kind, OYA_PEV_OTHER);
	/* no callback: only counted */
	assert_int_equal(oya_pev_parse(b, len, NULL, NULL), 2);
}

static void test_skipped(void **state)
{
	unsigned char b[MSG_LEN * 2];
	const uint32_t exec_w[] = { 5, 5 };
	struct seen s = { .n = 0 };
	int32_t err;
	size_t len;

	(void)state;
	/* another connector's message */
	len = msg(b, 0x00000002u, exec_w, 2, 40);
	put32(b + 16, 7);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), 0);
	/* NLMSG_NOOP */
	len = msg(b, 0x00000002u, exec_w, 2, 40);
	memcpy(b + 4, &(uint16_t){ 1 }, 2);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), 0);
	/* NLMSG_ERROR: 0 is netlink's acknowledgement, -EPERM an error */
	memset(b, 0, 36);
	put32(b, 36);
	memcpy(b + 4, &(uint16_t){ 2 }, 2);
	assert_int_equal(oya_pev_parse(b, 36, keep, &s), 0);
	err = -1;
	memcpy(b + 16, &err, 4);
	assert_int_equal(oya_pev_parse(b, 36, keep, &s), 1);
	assert_int_equal(s.ev[0].kind, OYA_PEV_ERROR);
	assert_int_equal(s.ev[0].err, 1);
	/* bytes after the last message, fewer than a header: ignored */
	len = msg(b, 0x00000002u, exec_w, 2, 40);
	assert_int_equal(oya_pev_parse(b, len + 8, NULL, NULL), 1);
	assert_int_equal(oya_pev_parse(NULL, 0, NULL, NULL), 0);
	assert_int_equal(oya_pev_parse(b, 0, NULL, NULL), 0);
}

static void test_malformed(void **state)
{
	unsigned char b[MSG_LEN * 2];
	const uint32_t fork_w[] = { 1, 1, 2, 2 };
	struct seen s = { .n = 0 };
	size_t len;

	(void)state;
	assert_int_equal(oya_pev_parse(NULL, 5, NULL, NULL), -1);
	/* a length past the datagram */
	len = msg(b, 0x00000001u, fork_w, 4, 40);
	assert_int_equal(oya_pev_parse(b, len - 1, keep, &s), -1);
	/* a length below the header */
	put32(b, 8);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), -1);
	/* a connector length past the message */
	len = msg(b, 0x00000001u, fork_w, 4, 40);
	memcpy(b + 32, &(uint16_t){ 41 }, 2);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), -1);
	/* a fork event too short for its child */
	len = msg(b, 0x00000001u, fork_w, 4, 24);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), -1);
	/* an event without its header */
	len = msg(b, 0x00000001u, fork_w, 0, 12);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), -1);
	/* a message too short for the connector's header */
	len = msg(b, 0x00000001u, fork_w, 4, 40);
	put32(b, 30);
	assert_int_equal(oya_pev_parse(b, 30, keep, &s), -1);
	/* the good one before a bad one was passed */
	s.n = 0;
	len = msg(b, 0x00000001u, fork_w, 4, 40);
	len += msg(b + len, 0x00000001u, fork_w, 4, 20);
	assert_int_equal(oya_pev_parse(b, len, keep, &s), -1);
	assert_int_equal(s.n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),	    cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_old_and_other), cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
