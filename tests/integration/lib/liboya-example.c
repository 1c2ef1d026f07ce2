/* The README's liboya example: profile `sh -c "sleep 2"` for at most a minute. */
#include <stdio.h>

#include <oya/oya.h>

int main(void)
{
	const char *args[] = { "-c", "sleep 2", NULL };
	oya_config *cfg = NULL;
	oya_summary *sum = NULL;
	oya_error err;
	size_t i;

	/* 1 minute, 5 s interval, samples in ex.jsonl, summary in ex.summary.json */
	err = oya_config_new(60000, 5000, "ex.jsonl", "sh", args, &cfg);
	if (!err)
		err = oya_config_set_heaptrack(cfg, 0); /* RSS only */
	if (!err)
		err = oya_run(cfg, &sum);
	if (!sum) {
		fprintf(stderr, "ex: %s: %s\n", oya_strerror(err), oya_last_error_detail());
		oya_config_free(cfg);
		return 1;
	}
	printf("%s (status %d): peak %.1f MB, average %.1f MB\n", oya_summary_stop_reason(sum),
	       oya_summary_exit_status(sum), oya_summary_max_rss_mb(sum), oya_summary_avg_rss_mb(sum));
	for (i = 0; i < oya_summary_process_count(sum); i++)
		printf("  pid %lld %s: peak %.1f MB\n", (long long)oya_summary_process_pid(sum, i),
		       oya_summary_process_exe(sum, i), oya_summary_process_max_rss_mb(sum, i));
	printf("summary: %s\n", oya_summary_path(sum));
	oya_summary_free(sum);
	oya_config_free(cfg);
	return err == OYA_OK ? 0 : 1;
}
