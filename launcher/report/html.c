/* The HTML report: one self-contained page (inline CSS and SVG, no scripts, no network). */
#include "html_heap.h"
#include "report.h"
#include "json_member.h"
#include "cgroup_text.h"
#include "run_id.h"
#include "unfreed.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#ifndef OYA_VERSION
#define OYA_VERSION "?"
#endif

static const char style[] =
	"body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:24px auto;max-width:1240px;"
	"padding:0 16px;color:#1d1d1d;background:#fafafa}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid #ddd;"
	"padding-bottom:4px}"
	"code{font-family:'DejaVu Sans Mono',monospace;font-size:13px;background:#eee;padding:1px 4px;"
	"border-radius:3px;word-break:break-all}"
	"table{border-collapse:collapse;font-size:13px;background:#fff}"
	"th,td{border:1px solid #d6d6d6;padding:4px 8px;text-align:left;vertical-align:top}"
	"th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"table.facts th{width:210px}"
	"tbody tr:nth-child(even){background:#f7f7f7}"
	".scroll{overflow-x:auto}"
	"svg{max-width:100%;height:auto;display:block;box-sizing:border-box;background:#fff;border:1px solid #ddd}"
	".bad{color:#b00000;font-weight:bold}.ok{color:#1a7f37}"
	".warn{border-left:4px solid #d08000;background:#fff6e0;padding:8px 12px;margin:8px 0}"
	".muted{color:#666}footer{margin-top:32px;font-size:12px;color:#777}"
	"ul.leaks li{margin:4px 0}";

/* A string member of the summary JSON; accepts NULL and wrong types. */
static const char *member_str(const json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static void fact_row_start(FILE *out, const char *name)
{
	fprintf(out, "<tr><th>%s</th><td>", name);
}

static void fact_text(FILE *out, const char *name, const char *text)
{
	fact_row_start(out, name);
	oya_html_puts(out, text);
	fputs("</td></tr>", out);
}

/* "+1.5 MiB/h"; "n/a" when the series was too short to judge (a rate from a few points would only alarm). */
static void growth(char *buf, size_t cap, const struct oya_leak *l)
{
	if (l->enough_data)
		oya_human_rate(buf, cap, l->growth_kb_per_hour);
	else
		snprintf(buf, cap, "n/a");
}

static void verdict(FILE *out, const struct oya_leak *l)
{
	char g[64];
	growth(g, sizeof(g), l);
	fprintf(out, "<span class=\"%s\">%s</span> <span class=\"muted\">(growth %s)</span> ",
		l->leak_suspected ? "bad" : "ok", l->leak_suspected ? "leak suspected" : "no leak", g);
	oya_html_escape(out, l->reason, strnlen(l->reason, sizeof(l->reason)));
}

/* The run's cgroup: the kernel's own accounting of the run's memory. */
static void cgroup_fact(FILE *out, const json_object *cg)
{
	const char *path;
	char figs[160];
	int version;

	if (oya_cgroup_text(cg, figs, sizeof(figs), &version, &path))
		return;
	fact_row_start(out, "cgroup");
	fprintf(out, "v%d", version);
	if (path) {
		fputs(" <code>", out);
		oya_html_puts(out, path);
		fputs("</code>", out);
	}
	fputs(": ", out);
	oya_html_puts(out, figs);
	fputs("</td></tr>", out);
}

static void run_facts(FILE *out, const struct oya_stats *st, const json_object *sum, double limit_secs)
{
	char a[64], b[64];
	double v;
	json_object *cmd, *ke;
	const char *s;

	fputs("<section id=\"facts\"><h2>Run</h2><table class=\"facts\">", out);
	cmd = oya_json_member(sum, "command");
	if (cmd && json_object_is_type(cmd, json_type_array)) {
		fact_row_start(out, "command");
		fputs("<code>", out);
		for (size_t i = 0; i < json_object_array_length(cmd); i++) {
			json_object *arg = json_object_array_get_idx(cmd, i);
			if (i)
				fputc(' ', out);
			oya_html_puts(out, arg ? json_object_get_string(arg) : "");
		}
		fputs("</code></td></tr>", out);
	}
	if ((s = member_str(sum, "started_at")))
		fact_text(out, "started", s);
	if ((s = member_str(sum, "ended_at")))
		fact_text(out, "ended", s);
	if (oya_json_number(sum, "duration_secs", &v))
		oya_human_dur(a, sizeof(a), v);
	else
		oya_human_dur(a, sizeof(a), (double)(st->last_ms - st->first_ms) / 1000.0);
	fact_text(out, "duration", a);
	if (oya_json_number(sum, "planned_duration_secs", &v) || (v = limit_secs) > 0) {
		oya_human_dur(a, sizeof(a), v);
		fact_text(out, "duration limit", a);
	}
	if (oya_json_number(sum, "interval_secs", &v)) {
		oya_human_dur(a, sizeof(a), v);
		fact_text(out, "sampling interval", a);
	}
	if ((s = member_str(sum, "stop_reason")))
		fact_text(out, "stop reason", s);
	if (oya_json_number(sum, "exit_code", &v)) {
		snprintf(a, sizeof(a), "%.0f", v);
		fact_text(out, "exit status", a);
	}
	if (oya_json_number(sum, "signal", &v) && v > 0) {
		snprintf(a, sizeof(a), "%.0f", v);
		fact_text(out, "signal", a);
	}
	ke = oya_json_member(sum, "killed_externally");
	if (ke && json_object_get_boolean(ke)) {
		fact_row_start(out, "killed");
		fputs("<span class=\"bad\">killed by SIGKILL from outside</span> ", out);
		oya_html_puts(out, member_str(sum, "hint"));
		fputs("</td></tr>", out);
	}
	snprintf(a, sizeof(a), "%" PRIu64, st->samples);
	fact_text(out, "samples", a);
	snprintf(a, sizeof(a), "%" PRIu64 " lost (gaps in seq), %" PRIu64 " malformed lines skipped",
		 st->lost_samples, st->malformed_lines);
	fact_text(out, "skipped", a);
	snprintf(a, sizeof(a), "%zu", st->nprocs);
	fact_text(out, "processes", a);
	if (st->pss.have) {
		oya_human_kb(a, sizeof(a), (double)st->pss.max);
		oya_human_kb(b, sizeof(b), st->pss.avg);
		fact_row_start(out, "tree PSS");
		fprintf(out, "max <b>%s</b>, average %s", a, b);
		if (st->pss_rss_fallback_images)
			fprintf(out,
				" (%" PRIu64
				" process image%s counted by RSS, an upper bound, until a first PSS read)",
				st->pss_rss_fallback_images, st->pss_rss_fallback_images == 1 ? "" : "s");
		fputs("</td></tr>", out);
	}
	oya_human_kb(a, sizeof(a), (double)st->max_rss_kb);
	oya_human_kb(b, sizeof(b), st->avg_rss_kb);
	fact_row_start(out, st->pss.have ? "tree RSS summed" : "tree RSS");
	fprintf(out, st->pss.have ? "max %s, average %s" : "max <b>%s</b>, average %s", a, b);
	fputs("</td></tr>", out);
	if (st->pss.have)
		fputs("<tr><td></td><td class=\"muted\">" OYA_PSS_WHY "</td></tr>", out);
	oya_human_kb(a, sizeof(a), (double)st->peak_hwm_kb);
	fact_text(out, "peak VmHWM", a);
	cgroup_fact(out, oya_json_member(sum, "cgroup"));
	fact_row_start(out, "tree verdict");
	verdict(out, &st->tree_leak);
	fputs("</td></tr></table></section>", out);
}

static void process_table(FILE *out, const struct oya_stats *st)
{
	bool hosts = oya_stats_many_hosts(st); /* then each image names its host */
	char c[10][48];
	fputs("<section id=\"processes-section\"><h2>Processes</h2><div class=\"scroll\"><table id=\"processes\">"
	      "<thead><tr><th>pid</th><th>ppid</th><th>exe</th><th>command line</th><th>source</th><th>samples</th><th>lost</th>"
	      "<th>duration</th><th>RSS min</th><th>avg</th><th>p50</th><th>p95</th><th>max</th><th>VmHWM</th>"
	      "<th>PSS avg</th><th>PSS max</th><th>growth</th><th>leak</th></tr></thead><tbody>",
	      out);
	for (size_t i = 0; i < st->nprocs; i++) {
		const struct oya_proc *p = &st->procs[i];
		oya_human_dur(c[0], sizeof(c[0]), (double)(p->last_ms - p->first_ms) / 1000.0);
		oya_human_kb(c[1], sizeof(c[1]), (double)p->rss_min);
		oya_human_kb(c[2], sizeof(c[2]), p->rss_avg);
		oya_human_kb(c[3], sizeof(c[3]), (double)p->rss_p50);
		oya_human_kb(c[4], sizeof(c[4]), (double)p->rss_p95);
		oya_human_kb(c[5], sizeof(c[5]), (double)p->rss_max);
		oya_human_kb(c[6], sizeof(c[6]), (double)p->vm_hwm_kb);
		/* PSS only over the lines that read it: none without a read */
		if (p->pss.have) {
			oya_human_kb(c[7], sizeof(c[7]), p->pss.avg);
			oya_human_kb(c[8], sizeof(c[8]), (double)p->pss.max);
		} else {
			snprintf(c[7], sizeof(c[7]), "-");
			snprintf(c[8], sizeof(c[8]), "-");
		}
		growth(c[9], sizeof(c[9]), &p->leak);
		fprintf(out,
			"<tr class=\"proc\" data-pid=\"%lld\"><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
			"<td><code>",
			(long long)p->pid, (long long)p->pid, (long long)p->ppid);
		oya_html_puts(out, p->exe ? p->exe : "?");
		if (hosts && p->host) {
			fputs("</code> on <code>", out);
			oya_html_puts(out, p->host);
		}
		fputs("</code></td><td><code>", out);
		oya_html_puts(out, p->cmdline ? p->cmdline : "");
		fputs("</code></td><td>", out);
		oya_html_escape(out, p->source, strnlen(p->source, sizeof(p->source)));
		if (p->outside) {
			fputs(" (", out);
			oya_html_puts(out, p->outside);
			fputs(")", out);
		}
		fprintf(out, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td>",
			p->samples, p->lost_samples);
		for (int k = 0; k < 10; k++)
			fprintf(out, "<td class=\"n\">%s</td>", c[k]);
		fprintf(out, "<td class=\"%s\">%s</td></tr>", p->leak.leak_suspected ? "bad" : "ok",
			p->leak.leak_suspected ? "suspected" : "no");
	}
	if (st->nprocs == 0)
		fputs("<tr><td colspan=\"18\" class=\"muted\">no processes in the input</td></tr>", out);
	fputs("</tbody></table></div></section>", out);
}

static void leak_section(FILE *out, const struct oya_stats *st, const json_object *ht, enum oya_unfreed uf)
{
	char a[OYA_HUMAN_MAX];
	double v;
	fputs("<section id=\"leaks\"><h2>Leak verdicts</h2><p class=\"muted\">From each PSS series where it has enough "
	      "reads, else the RSS series, after its warm-up: "
	      "a growth rate that outliers do not bend, and whether it keeps climbing.",
	      out);
	if (ht && oya_json_number(ht, "leaked_bytes", &v)) {
		oya_human_bytes(a, sizeof(a), v);
		fprintf(out, " heaptrack counted <b>%s</b> %s in the profiled process: %s.", a,
			uf == OYA_UNFREED_IN_USE ? "still in use when it was stopped" : "not freed at exit",
			oya_unfreed_meaning(uf));
	}
	fputs("</p><ul class=\"leaks\"><li><b>tree total</b>: ", out);
	verdict(out, &st->tree_leak);
	fputs("</li>", out);
	for (size_t i = 0; i < st->nprocs; i++) {
		const struct oya_proc *p = &st->procs[i];
		fprintf(out, "<li><b>%lld</b> <code>", (long long)p->pid);
		oya_html_puts(out, p->exe ? p->exe : "?");
		fputs("</code>: ", out);
		verdict(out, &p->leak);
		fputs("</li>", out);
	}
	fputs("</ul></section>", out);
}

static void heaptrack_section(FILE *out, const json_object *ht, enum oya_unfreed uf)
{
	static const struct {
		const char *key, *label;
		bool bytes;
	} rows[] = {
		{ "peak_heap_bytes", "peak heap memory", true },
		{ "peak_rss_bytes", "peak RSS (with heaptrack's overhead)", true },
		{ "leaked_bytes", NULL, true }, /* its label depends on how the run ended */
		{ "allocations", "calls to allocation functions", false },
		{ "temporary_allocations", "temporary allocations", false },
	};
	char a[48];
	double v;
	json_object *complete;
	const char *df;

	fputs("<section id=\"heaptrack\"><h2>Heap profile (heaptrack)</h2>", out);
	if (!ht || !json_object_is_type(ht, json_type_object)) {
		fputs("<p class=\"muted\">no heaptrack data for this run</p></section>", out);
		return;
	}
	complete = oya_json_member(ht, "complete");
	if (complete && !json_object_get_boolean(complete)) {
		fputs("<div class=\"warn\"><b>The heaptrack data is incomplete</b>: ", out);
		oya_html_puts(out, member_str(ht, "problem"));
		fputs(". The figures below may be too low.</div>", out);
	}
	if (oya_json_number(ht, "pid", &v)) {
		fprintf(out, "<p>heaptrack profiled one process, pid %.0f (<code>", v);
		oya_html_puts(out, member_str(ht, "exe") ? member_str(ht, "exe") : "?");
		fputs("</code>): not its forked children, not what it ran after an exec. To profile a worker, "
		      "run the worker itself under oya-launch (nginx: <code>master_process off</code>).</p>",
		      out);
	}
	fputs("<table class=\"facts\">", out);
	df = member_str(ht, "data_file");
	if (df) {
		fact_row_start(out, "data file");
		fputs("<code>", out);
		oya_html_puts(out, df);
		fputs("</code></td></tr>", out);
	}
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (!oya_json_number(ht, rows[i].key, &v))
			continue;
		if (rows[i].bytes)
			oya_human_bytes(a, sizeof(a), v);
		else
			snprintf(a, sizeof(a), "%.0f", v);
		fact_text(out, rows[i].label ? rows[i].label : oya_unfreed_label(uf), a);
	}
	fputs("</table></section>", out);
}

static int flame_section(FILE *out, const char *id, const char *heading, const char *folded,
			 const char *title)
{
	int rc;

	if (!folded || !*folded)
		return 0;
	fprintf(out, "<section id=\"%s\"><h2>%s</h2><div class=\"scroll\">", id, heading);
	rc = oya_render_flame_svg(out, folded, title);
	fputs("</div></section>", out);
	return rc;
}

int oya_render_html(FILE *out, const struct oya_stats *st, const json_object *summary,
		    const char *peak_folded, const char *leaked_folded, double limit_secs)
{
	const char *name;
	json_object *cmd, *ht;
	enum oya_unfreed uf;
	double planned;

	if (!out || !st)
		return -1;
	name = st->nprocs && st->procs[0].exe ? st->procs[0].exe : NULL;
	cmd = oya_json_member(summary, "command");
	if (cmd && json_object_is_type(cmd, json_type_array) && json_object_array_length(cmd) > 0) {
		json_object *c0 = json_object_array_get_idx(cmd, 0);
		if (c0 && json_object_is_type(c0, json_type_string))
			name = json_object_get_string(c0);
	}
	if (!(limit_secs > 0) && oya_json_number(summary, "planned_duration_secs", &planned))
		limit_secs = planned;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "img-src data:\"><title>oya memory report",
	      out);
	if (name) {
		fputs(": ", out);
		oya_html_puts(out, name);
	}
	fprintf(out, "</title><style>%s</style></head><body>\n<header><h1>Memory report", style);
	if (name) {
		fputs(": <code>", out);
		oya_html_puts(out, name);
		fputs("</code>", out);
	}
	fputs("</h1><p class=\"muted\">RSS sampled by oya", out);
	ht = oya_json_member(summary, "heaptrack");
	uf = oya_unfreed_kind(member_str(summary, "stop_reason"));
	if (ht && json_object_is_type(ht, json_type_object))
		fputs(", heap profiled by heaptrack", out);
	fputs("</p></header>\n", out);

	run_facts(out, st, summary, limit_secs);
	fputs("\n<section id=\"chart\"><h2>RSS over time</h2><div class=\"scroll\">", out);
	if (oya_render_chart_svg(out, st, limit_secs) < 0)
		return -1;
	fputs("</div></section>\n", out);
	process_table(out, st);
	fputs("\n", out);
	leak_section(out, st, ht && json_object_is_type(ht, json_type_object) ? ht : NULL, uf);
	fputs("\n", out);
	heaptrack_section(out, ht, uf);
	if (oya_html_heap(out, st, summary) < 0)
		return -1;
	fputs("\n", out);
	if (flame_section(out, "flame-peak", "Peak heap memory by call stack", peak_folded,
			  "heaptrack: memory in use at the peak") < 0)
		return -1;
	if (flame_section(out, "flame-leaked",
			  uf == OYA_UNFREED_IN_USE ? "Memory in use when stopped, by call stack"
						   : "Leaked memory by call stack",
			  leaked_folded,
			  uf == OYA_UNFREED_IN_USE
				  ? "heaptrack: memory still in use when the program was stopped"
				  : "heaptrack: memory not freed at exit") < 0)
		return -1;
	fputs("\n<footer>made by oya " OYA_VERSION
	      " (oya-summary); self-contained: no scripts, no network</footer>"
	      "\n</body></html>\n",
	      out);
	return ferror(out) ? -1 : 0;
}
