/*
 * The process events connector's messages, by offset (see proc_events.h):
 *   struct nlmsghdr   len u32 @0, type u16 @4, flags u16 @6, seq u32 @8, pid u32 @12 (16 bytes)
 *   struct cn_msg     idx u32 @0, val u32 @4, seq u32 @8, ack u32 @12, len u16 @16, flags u16 @18,
 *                     data @20 (20 bytes)
 *   struct proc_event what u32 @0, cpu u32 @4, timestamp u64 @8, event_data @16
 * so that an event's data starts 52 bytes into its netlink message.
 */
#include "proc_events.h"

#include <string.h>

#define NL_HDR 16u
#define NL_ALIGN(n) (((n) + 3u) & ~3u)
#define NLMSG_ERROR_TYPE 2u
#define NLMSG_DONE_TYPE 3u /* the type the connector gives its messages */
#define CN_HDR 20u
#define CN_IDX_PROC_ID 1u
#define CN_VAL_PROC_ID 1u
#define EV_HDR 16u /* what, cpu, timestamp */
#define OP_LISTEN 1u
#define OP_IGNORE 2u

#define WHAT_NONE 0x00000000u
#define WHAT_FORK 0x00000001u
#define WHAT_EXEC 0x00000002u
#define WHAT_EXIT 0x80000000u

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int32_t geti32(const unsigned char *p)
{
	int32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put16(unsigned char *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

size_t oya_pev_request(void *buf, size_t cap, bool listen, uint32_t events, uint32_t seq, uint32_t ack,
		       uint32_t portid)
{
	unsigned char *b = buf;
	uint16_t data = events ? 8 : 4;
	size_t len = NL_HDR + CN_HDR + data;

	if (!b || cap < len)
		return 0;
	memset(b, 0, len);
	put32(b, (uint32_t)len);
	put16(b + 4, NLMSG_DONE_TYPE);
	put32(b + 8, seq);
	put32(b + 12, portid);
	put32(b + NL_HDR, CN_IDX_PROC_ID);
	put32(b + NL_HDR + 4, CN_VAL_PROC_ID);
	put32(b + NL_HDR + 8, seq);
	put32(b + NL_HDR + 12, ack);
	put16(b + NL_HDR + 16, data);
	put32(b + NL_HDR + CN_HDR, listen ? OP_LISTEN : OP_IGNORE);
	if (events)
		put32(b + NL_HDR + CN_HDR + 4, events);
	return len;
}

/* One proc_event (EV, LEN bytes) of a message whose cn_msg ack is ACK into *E; -1 when it is short. */
static int decode(const unsigned char *ev, size_t len, uint32_t ack, struct oya_pev *e)
{
	const unsigned char *d = ev + EV_HDR;
	uint32_t what;

	if (len < EV_HDR)
		return -1;
	memset(e, 0, sizeof(*e));
	what = get32(ev);
	memcpy(&e->ts_ns, ev + 8, sizeof(e->ts_ns));
	switch (what) {
	case WHAT_NONE:
		if (len < EV_HDR + 4)
			return -1;
		e->kind = OYA_PEV_ACK;
		e->ack = ack;
		e->err = get32(d);
		return 0;
	case WHAT_FORK:
		if (len < EV_HDR + 16)
			return -1;
		e->kind = OYA_PEV_FORK;
		e->ptid = geti32(d);
		e->ppid = geti32(d + 4);
		e->tid = geti32(d + 8);
		e->pid = geti32(d + 12);
		return 0;
	case WHAT_EXEC:
		if (len < EV_HDR + 8)
			return -1;
		e->kind = OYA_PEV_EXEC;
		e->tid = geti32(d);
		e->pid = geti32(d + 4);
		return 0;
	case WHAT_EXIT:
		if (len < EV_HDR + 12)
			return -1;
		e->kind = OYA_PEV_EXIT;
		e->tid = geti32(d);
		e->pid = geti32(d + 4);
		e->exit_code = get32(d + 8);
		if (len >= EV_HDR + 24) { /* the parent: kernels from 4.18 */
			e->ptid = geti32(d + 16);
			e->ppid = geti32(d + 20);
		}
		return 0;
	default: e->kind = OYA_PEV_OTHER; return 0;
	}
}

/* One netlink message (M, LEN bytes, LEN >= its header) into *E: 1 an event, 0 skipped, -1 malformed. */
static int message(const unsigned char *m, size_t len, struct oya_pev *e)
{
	uint16_t type, cn_len;
	int32_t err;

	memcpy(&type, m + 4, sizeof(type));
	if (type == NLMSG_ERROR_TYPE) {
		if (len < NL_HDR + 4)
			return -1;
		err = geti32(m + NL_HDR);
		if (!err) /* netlink's own acknowledgement: nothing to say */
			return 0;
		memset(e, 0, sizeof(*e));
		e->kind = OYA_PEV_ERROR;
		e->err = err < 0 ? (uint32_t) - (int64_t)err : (uint32_t)err;
		return 1;
	}
	if (type != NLMSG_DONE_TYPE)
		return 0;
	if (len < NL_HDR + CN_HDR)
		return -1;
	if (get32(m + NL_HDR) != CN_IDX_PROC_ID || get32(m + NL_HDR + 4) != CN_VAL_PROC_ID)
		return 0; /* another connector's */
	memcpy(&cn_len, m + NL_HDR + 16, sizeof(cn_len));
	if (cn_len > len - NL_HDR - CN_HDR)
		return -1;
	return decode(m + NL_HDR + CN_HDR, cn_len, get32(m + NL_HDR + 12), e) ? -1 : 1;
}

int oya_pev_parse(const void *buf, size_t len, oya_pev_fn fn, void *ctx)
{
	const unsigned char *b = buf;
	size_t off = 0;
	int n = 0;

	if (!b)
		return len ? -1 : 0;
	while (len - off >= NL_HDR) {
		uint32_t ml = get32(b + off);
		struct oya_pev e;
		int rc;

		if (ml < NL_HDR || ml > len - off)
			return -1;
		rc = message(b + off, ml, &e);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			if (n < INT32_MAX)
				n++;
			if (fn)
				fn(ctx, &e);
		}
		if (NL_ALIGN((size_t)ml) >= len - off)
			break;
		off += NL_ALIGN((size_t)ml);
	}
	return n;
}
