/* The floor for the start-up row of scripts/bench-sampler: a preload that does
 * nothing, so that the cost of loading any shared object at all is known. */
void bench_empty_preload(void);

void bench_empty_preload(void)
{
}
