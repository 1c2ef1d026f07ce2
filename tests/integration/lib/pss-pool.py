# A real forked pool: the parent writes 200 MB, then Pool(4) (fork) workers read
# it all without writing. The pids (the parent's first) go to READY once every
# worker has read its pages; all stay until STOP exists.
# Usage: python3 pss-pool.py READY STOP
import multiprocessing as mp, os, sys, time
ready, stop = sys.argv[1], sys.argv[2]
data = bytearray(200 * 1024 * 1024)
for i in range(0, len(data), 4096):
    data[i] = 1
def work(i):
    s = 0
    for j in range(0, len(data), 4096):
        s += data[j]
    open('%s.%d' % (ready, os.getpid()), 'w').close()
    for _ in range(2400):  # at most about 2 minutes
        if os.path.exists(stop):
            break
        time.sleep(0.05)
    return s
if __name__ == '__main__':
    ctx = mp.get_context('fork')
    with ctx.Pool(4) as pool:
        r = pool.map_async(work, range(4), chunksize=1)
        workers = [p.pid for p in pool._pool]
        while not all(os.path.exists('%s.%d' % (ready, p)) for p in workers):
            time.sleep(0.05)
        pids = [os.getpid()] + [p.pid for p in pool._pool]
        with open(ready + '.tmp', 'w') as f:
            f.write(' '.join(map(str, pids)) + '\n')
        os.rename(ready + '.tmp', ready)
        r.get(120)
    print('pool: ok')
