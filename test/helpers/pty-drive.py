# Runs a command in a pseudo-terminal and answers its prompts, for tests of interactive mode.
#   python3 pty-drive.py '<json: {"argv": [...], "steps": [["prompt text", "keys"], ...]}>'
# Keys may contain \r (Enter) and \x1b[B (arrow down). Prints everything the terminal showed, then
# "EXIT <code>". Gives up after 20 seconds.
import json, os, pty, select, sys, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(spec["argv"][0], spec["argv"])
screen = b""
steps = list(spec["steps"])
deadline = time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    if steps and steps[0][0].encode() in screen:
        prompt, keys = steps.pop(0)
        time.sleep(0.15)
        os.write(fd, keys.encode())
        screen += b"\n<<answered " + prompt.encode() + b">>\n"
_, status = os.waitpid(pid, 0)
sys.stdout.write(screen.decode("utf-8", "replace"))
sys.stdout.write("\nEXIT %d\n" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)))
