/*
 * The process events socket: NETLINK_CONNECTOR bound to the CN_IDX_PROC group, which takes
 * CAP_NET_ADMIN. The classic request (every event) is sent first because every kernel
 * acknowledges it, which proves events will come; the filtered one (fork, exec, exit) follows,
 * so that kernels from 6.6 send nothing else. The kernel answers a request synchronously,
 * before send() returns, so the wait for the acknowledgement is short.
 */
#include "pev_socket.h"

#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"

#define NETLINK_CONNECTOR_PROTO 11 /* linux/netlink.h: NETLINK_CONNECTOR */
#define CN_GROUP_PROC 1u	   /* linux/connector.h: CN_IDX_PROC */
#define RCVBUF_BYTES (4 << 20)	   /* room for bursts of a build's processes between two reads */
#define ACK_WAIT_MS 250
#define DGRAM_MAX 8192
#define READ_ROUNDS_MAX 4096

struct ack_wait {
	uint32_t want; /* the ack the kernel's answer carries */
	bool got;
	uint32_t err;
};

static void on_ack(void *ctx, const struct oya_pev *ev)
{
	struct ack_wait *w = ctx;

	if (ev->kind == OYA_PEV_ACK && ev->ack == w->want && !w->got) {
		w->got = true;
		w->err = ev->err;
	}
}

/* Datagrams from the kernel (port 0) only; -1 with errno, 0 nothing, else the length. */
static ssize_t recv_kernel(int fd, void *buf, size_t cap)
{
	struct sockaddr_nl from;
	socklen_t flen;
	ssize_t n;

	for (;;) {
		flen = sizeof(from);
		memset(&from, 0, sizeof(from));
		n = recvfrom(fd, buf, cap, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0)
			return -1;
		if (from.nl_pid == 0)
			return n;
	}
}

/* Wait for the answer to the request sent with ACK; 0, or -1 with errno. */
static int wait_ack(int fd, uint32_t ack)
{
	struct ack_wait w = { ack + 1, false, 0 };
	uint64_t end = oya_mono_ns() + ACK_WAIT_MS * 1000000ull;
	char *buf = malloc(DGRAM_MAX);
	int rc = -1;

	if (!buf)
		return -1;
	while (!w.got) {
		struct pollfd p = { fd, POLLIN, 0 };
		uint64_t now = oya_mono_ns();
		ssize_t n = 0;

		if (now >= end) {
			errno = ETIMEDOUT;
			goto out;
		}
		if (poll(&p, 1, (int)((end - now) / 1000000u) + 1) < 0 && errno != EINTR)
			goto out;
		while (!w.got && (n = recv_kernel(fd, buf, DGRAM_MAX)) > 0)
			(void)oya_pev_parse(buf, (size_t)n, on_ack, &w); /* other events: not ours yet */
		if (!w.got && n < 0 && errno != ENOBUFS)
			goto out;
	}
	if (w.err) {
		errno = (int)w.err;
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

static int send_request(int fd, uint32_t events, uint32_t ack)
{
	unsigned char req[OYA_PEV_REQUEST_MAX];
	size_t len = oya_pev_request(req, sizeof(req), true, events, 1, ack, 0);
	struct sockaddr_nl to;
	ssize_t n;

	memset(&to, 0, sizeof(to));
	to.nl_family = AF_NETLINK; /* the kernel: port 0, no group */
	do
		n = sendto(fd, req, len, 0, (struct sockaddr *)&to, sizeof(to));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

int oya_pev_open(void)
{
	struct sockaddr_nl me;
	int fd, size = RCVBUF_BYTES, err;
	uint32_t ack = (uint32_t)getpid() << 8;

	if (getenv(OYA_PEV_OFF_ENV)) {
		errno = ECANCELED;
		return -1;
	}
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR_PROTO);
	if (fd < 0)
		return -1;
	/* past rmem_max as root; the default size otherwise */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	memset(&me, 0, sizeof(me));
	me.nl_family = AF_NETLINK;
	me.nl_groups = CN_GROUP_PROC;
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) || send_request(fd, 0, ack) || wait_ack(fd, ack))
		goto fail;
	/* the kernel's filter, where it has one; older kernels ignore it and send every kind */
	(void)send_request(fd, OYA_PEV_MASK_FORK | OYA_PEV_MASK_EXEC | OYA_PEV_MASK_EXIT, ack + 2);
	return fd;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

const char *oya_pev_why(int err)
{
	switch (err) {
	case ECANCELED: return OYA_PEV_OFF_ENV " is set";
	case EPERM:
	case EACCES: return "they need root or CAP_NET_ADMIN";
	case EPROTONOSUPPORT:
	case EAFNOSUPPORT: return "this kernel has no netlink connector";
	case ETIMEDOUT:
		return "the kernel did not answer (no CONFIG_PROC_EVENTS, or a pid namespace other than the "
		       "first)";
	default: return strerror(err);
	}
}

int oya_pev_read(int fd, oya_pev_fn fn, void *ctx)
{
	char buf[DGRAM_MAX];
	bool lost = false;
	ssize_t n = 0;
	int rounds;

	/* bounded: under a flood the loop comes back when it has done its other work */
	for (rounds = 0; rounds < READ_ROUNDS_MAX; rounds++) {
		n = recv_kernel(fd, buf, sizeof(buf));
		if (n > 0) {
			(void)oya_pev_parse(buf, (size_t)n, fn, ctx); /* a malformed datagram is dropped */
			continue;
		}
		if (n < 0 && errno == ENOBUFS) { /* an overrun: said once, then the rest is read */
			lost = true;
			continue;
		}
		break;
	}
	if (n < 0)
		return -1;
	if (lost)
		errno = ENOBUFS;
	return lost ? -1 : 0;
}
