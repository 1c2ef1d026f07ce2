#!/usr/bin/python3
# pty-interrupt.py FILE TEXT COMMAND...: run COMMAND on a new pseudo-terminal
# (its controlling terminal, COMMAND in the foreground group), wait until FILE
# contains TEXT, type Ctrl-C (\x03) on the terminal, and exit with COMMAND's
# status (128+N for a signal death). The terminal's output goes to stdout.
import os, pty, select, sys, time

path, text, argv = sys.argv[1], sys.argv[2].encode(), sys.argv[3:]
pid, master = pty.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)

out = bytearray()
def pump(limit):
    r, _, _ = select.select([master], [], [], limit)
    if not r:
        return True
    try:
        data = os.read(master, 4096)
    except OSError:
        return False
    if not data:
        return False
    out.extend(data)
    return True

deadline = time.monotonic() + 30
while True:
    try:
        with open(path, 'rb') as f:
            if text in f.read():
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.stderr.write('pty-interrupt: %s never showed %s\n' % (path, text.decode()))
        os.kill(pid, 9)
        break
    pump(0.05)
time.sleep(0.3)
os.write(master, b'\x03')
deadline = time.monotonic() + 60
while time.monotonic() < deadline and pump(0.2):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
