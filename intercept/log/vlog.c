/* See vlog.h. */
#include "vlog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dispatch.h"

struct vlog {
	FILE *f;
	bool json;
};

static struct vlog *cur;
static struct buf extra;   /* path and netlink details of the current call */

struct vlog *vlog_open(const char *path, bool json)
{
	FILE *f = strcmp(path, "-") == 0 ? stderr : fopen(path, "we");
	if (!f)
		return NULL;
	struct vlog *l = calloc(1, sizeof(*l));
	if (!l)
		abort();
	l->f = f;
	l->json = json;
	setvbuf(f, NULL, _IOLBF, 0);
	return l;
}

void vlog_set(struct vlog *l) { cur = l; }

static void json_str(struct buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			buf_printf(b, "\\u%04x", ch);
		else
			buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

static const char *res_name(enum res_kind k)
{
	switch (k) {
	case RES_NATIVE: return "native";
	case RES_HOST: return "host";
	case RES_VIRT: return "model";
	case RES_ERR: return "error";
	}
	return "?";
}

void vlog_path(struct vcall *c, const char *path, const struct resolution *r)
{
	(void)c;
	if (!cur)
		return;
	buf_reset(&extra);
	if (cur->json) {
		buf_puts(&extra, ",\"path\":");
		json_str(&extra, path);
		buf_printf(&extra, ",\"view\":\"%s\"", res_name(r->kind));
		if (r->kind == RES_VIRT) {
			buf_puts(&extra, ",\"node\":");
			json_str(&extra, r->node.vpath);
		}
	} else {
		buf_puts(&extra, "\"");
		buf_puts(&extra, path);
		buf_puts(&extra, "\"");
		if (r->kind == RES_VIRT)
			buf_printf(&extra, " => %s", r->node.vpath);
		else if (r->kind == RES_HOST)
			buf_puts(&extra, " => host object");
	}
}

static const char *rtm_name(unsigned t)
{
	static const char *const names[] = {
		[RTM_NEWLINK] = "RTM_NEWLINK", [RTM_DELLINK] = "RTM_DELLINK",
		[RTM_GETLINK] = "RTM_GETLINK", [RTM_SETLINK] = "RTM_SETLINK",
		[RTM_NEWADDR] = "RTM_NEWADDR", [RTM_DELADDR] = "RTM_DELADDR",
		[RTM_GETADDR] = "RTM_GETADDR", [RTM_NEWROUTE] = "RTM_NEWROUTE",
		[RTM_DELROUTE] = "RTM_DELROUTE", [RTM_GETROUTE] = "RTM_GETROUTE",
		[RTM_NEWNEIGH] = "RTM_NEWNEIGH", [RTM_DELNEIGH] = "RTM_DELNEIGH",
		[RTM_GETNEIGH] = "RTM_GETNEIGH", [RTM_NEWRULE] = "RTM_NEWRULE",
		[RTM_DELRULE] = "RTM_DELRULE", [RTM_GETRULE] = "RTM_GETRULE",
		[RTM_GETNETCONF] = "RTM_GETNETCONF",
	};
	if (t < sizeof(names) / sizeof(names[0]) && names[t])
		return names[t];
	switch (t) {
	case NLMSG_NOOP: return "NLMSG_NOOP";
	case NLMSG_ERROR: return "NLMSG_ERROR";
	case NLMSG_DONE: return "NLMSG_DONE";
	}
	return NULL;
}

void vlog_netlink(struct vcall *c, const void *data, size_t len)
{
	(void)c;
	if (!cur)
		return;
	buf_reset(&extra);
	buf_puts(&extra, cur->json ? ",\"netlink\":[" : "[");
	size_t off = 0;
	int n = 0;
	while (len - off >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, (const char *)data + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len - off)
			break;
		const char *name = rtm_name(h.nlmsg_type);
		if (cur->json)
			buf_printf(&extra, "%s{\"type\":%u,\"name\":\"%s\",\"flags\":%u,\"seq\":%u,\"len\":%u}",
				   n ? "," : "", h.nlmsg_type, name ? name : "", h.nlmsg_flags,
				   h.nlmsg_seq, h.nlmsg_len);
		else if (name)
			buf_printf(&extra, "%s{len=%u, type=%s, flags=%#x, seq=%u}", n ? ", " : "",
				   h.nlmsg_len, name, h.nlmsg_flags, h.nlmsg_seq);
		else
			buf_printf(&extra, "%s{len=%u, type=%#x, flags=%#x, seq=%u}", n ? ", " : "",
				   h.nlmsg_len, h.nlmsg_type, h.nlmsg_flags, h.nlmsg_seq);
		n++;
		off += NLMSG_ALIGN(h.nlmsg_len);
		if (off > len)
			break;
	}
	buf_puts(&extra, "]");
}

void vlog_call(struct vcall *c)
{
	if (!cur)
		return;
	struct buf line;
	buf_init(&line);
	const char *name = syscall_name(c->nr);
	if (cur->json) {
		buf_printf(&line, "{\"tid\":%d,\"syscall\":\"%s\",\"args\":[", c->tid, name);
		for (int i = 0; i < 6; i++)
			buf_printf(&line, "%s%llu", i ? "," : "", (unsigned long long)c->args[i]);
		buf_puts(&line, "]");
		if (extra.len)
			buf_append(&line, extra.data, extra.len);
		switch (c->reply) {
		case VR_CONTINUE: buf_puts(&line, ",\"result\":\"native\""); break;
		case VR_FD: buf_printf(&line, ",\"result\":%lld,\"fd\":true", (long long)c->value); break;
		case VR_PARKED: buf_puts(&line, ",\"result\":\"blocked\""); break;
		default:
			if (c->value < 0)
				buf_printf(&line, ",\"result\":-1,\"errno\":\"%s\"", strerrorname_np((int)-c->value) ?: "?");
			else
				buf_printf(&line, ",\"result\":%lld", (long long)c->value);
		}
		buf_puts(&line, "}\n");
	} else {
		buf_printf(&line, "[pid %d] %s(", c->tid, name);
		if (extra.len)
			buf_append(&line, extra.data, extra.len);
		else
			buf_printf(&line, "%lld, %#llx, %#llx", (long long)(int)c->args[0],
				   (unsigned long long)c->args[1], (unsigned long long)c->args[2]);
		buf_puts(&line, ") = ");
		switch (c->reply) {
		case VR_CONTINUE: buf_puts(&line, "? <native>"); break;
		case VR_FD: buf_printf(&line, "%lld <model>", (long long)c->value); break;
		case VR_PARKED: buf_puts(&line, "? <blocked>"); break;
		default:
			if (c->value < 0)
				buf_printf(&line, "-1 %s (%s)", strerrorname_np((int)-c->value) ?: "?",
					   strerror((int)-c->value));
			else
				buf_printf(&line, "%lld", (long long)c->value);
		}
		buf_puts(&line, "\n");
	}
	fwrite(line.data, 1, line.len, cur->f);
	buf_free(&line);
	buf_reset(&extra);
}

void vlog_note(const char *fmt, ...)
{
	if (!cur)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (cur->json) {
		char msg[512];
		vsnprintf(msg, sizeof(msg), fmt, ap);
		struct buf b;
		buf_init(&b);
		buf_puts(&b, "{\"veneer\":");
		json_str(&b, msg);
		buf_puts(&b, "}\n");
		fwrite(b.data, 1, b.len, cur->f);
		buf_free(&b);
	} else {
		fputs("veneer: ", cur->f);
		vfprintf(cur->f, fmt, ap);
		fputs("\n", cur->f);
	}
	va_end(ap);
}
