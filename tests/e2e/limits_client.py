#!/usr/bin/env python3
"""tests/e2e/limits_client.py — the hostile clients of tests/e2e/limits.sh.

Each subcommand plays one kind of client against the server on 127.0.0.1:PORT
and prints "key value" lines that the shell script checks. Attackers connect
from other loopback addresses (127.0.x.y, all routed to lo on Linux) so the
per-address limit can be told apart from the global one; the /healthz probes
come from 127.0.0.1.

  probe PORT N                 median ms of N /healthz requests
  slow PORT                    1,000 clients that send part of a request head
                               and stall; healthz probed while they hang on
  closed PORT                  1,500 connections closed mid-request (half by
                               RST), healthz probed during and after
  bodies PORT FINDING_ID       24 anonymous 8 MiB multipart bodies at once: 12
                               to an upload route, 6 to the sign-in form with
                               a Content-Length, 6 to it chunked
  raw PORT REQUEST_FILE        send the bytes of a file, print the response head
  timeout PORT                 seconds until the server closes an idle
                               connection with half a request head
  anon PORT N                  hold N anonymous sign-in bodies half sent, then
                               print the status of one more and of a GET
  aborted PORT N FINDING COOKIE  N signed-in uploads (8 at a time) that send
                               256 KiB of a 4 MiB body and then reset
"""
import socket
import statistics
import sys
import threading
import time

PORT = 0


def connect(src="127.0.0.1", timeout=5.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(("127.0.0.1", PORT))
    return s


def read_all(s, limit=1 << 20):
    data = b""
    try:
        while len(data) < limit:
            x = s.recv(65536)
            if not x:
                break
            data += x
    except (socket.timeout, OSError):
        pass
    return data


def healthz_ms():
    """One /healthz on a fresh connection; 5000 when it fails or times out."""
    t0 = time.monotonic()
    try:
        s = connect(timeout=5.0)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        data = read_all(s)
        s.close()
        if not data.startswith(b"HTTP/1.1 200"):
            return 5000.0
    except OSError:
        return 5000.0
    return (time.monotonic() - t0) * 1000.0


def probe(n):
    return statistics.median(healthz_ms() for _ in range(n))


def still_open(s):
    """True when the server has not closed s (no EOF, no reset)."""
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def cmd_slow():
    single, spread = [], []
    head = b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: "
    # 400 from one address (the per-address limit holds them back) ...
    for _ in range(400):
        try:
            s = connect("127.0.0.2")
            single.append(s)
            s.sendall(head)
        except OSError:
            pass
    # ... and 600 from twelve others, 50 each (under that limit).
    for i in range(600):
        try:
            s = connect("127.0.1.%d" % (1 + i % 12))
            spread.append(s)
            s.sendall(head)
        except OSError:
            pass
    time.sleep(1.0)
    ms = probe(5)
    print("healthz_ms %.1f" % ms)
    print("connected %d" % (len(single) + len(spread)))
    print("held_single %d" % sum(still_open(s) for s in single))
    print("held_spread %d" % sum(still_open(s) for s in spread))
    for s in single + spread:
        s.close()


def cmd_closed():
    done = threading.Event()
    during = []

    def prober():
        while not done.is_set():
            during.append(healthz_ms())
            time.sleep(0.05)

    t = threading.Thread(target=prober)
    t.start()
    heads = [
        b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Par",
        b"POST /login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 5000\r\n\r\nusername=a&password=",
        b"POST /findings/1/evidence HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        b"Content-Length: 8000000\r\n\r\n--b\r\n",
        b"POST /login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nab",
    ]
    n = 0
    for batch in range(15):
        socks = []
        for i in range(100):
            try:
                s = connect("127.0.2.%d" % (1 + (batch * 100 + i) % 30))
                s.sendall(heads[i % len(heads)])
                socks.append(s)
            except OSError:
                pass
        time.sleep(0.02)
        for i, s in enumerate(socks):
            if i % 2:  # reset rather than close
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
            n += 1
    done.set()
    t.join()
    print("closed %d" % n)
    print("healthz_during_ms %.1f" % statistics.median(during))
    time.sleep(0.5)
    print("healthz_after_ms %.1f" % probe(5))


def cmd_bodies(finding):
    size = 8 << 20
    boundary = b"probitylimits"
    part = (b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n")
    tail = b"\r\n--" + boundary + b"--\r\n"
    payload = part + b"%PDF-1.4\n" + b"a" * (size - len(part) - len(tail) - 9) + tail
    ctype = b"multipart/form-data; boundary=" + boundary
    results = []
    lock = threading.Lock()

    def one(i):
        path = b"/findings/%d/evidence" % finding if i % 2 == 0 else b"/login"
        chunked = i % 4 == 3
        head = b"POST " + path + b" HTTP/1.1\r\nHost: t\r\nContent-Type: " + ctype + b"\r\n"
        head += b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Content-Length: %d\r\n\r\n" % len(payload)
        status = b"none"
        try:
            s = connect("127.0.3.%d" % (1 + i), timeout=20.0)
            s.sendall(head)
            step = 256 << 10
            try:
                for off in range(0, len(payload), step):
                    piece = payload[off:off + step]
                    s.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n" if chunked else piece)
                if chunked:
                    s.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server answered early and closed: that is the point
            data = read_all(s, 4096)
            s.close()
            status = data[9:12] if data.startswith(b"HTTP/1.1 ") else b"closed"
        except OSError:
            pass
        with lock:
            results.append(status.decode())

    threads = [threading.Thread(target=one, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("statuses %s" % ",".join(sorted(results)))


def cmd_raw(path):
    with open(path, "rb") as f:
        req = f.read()
    s = connect()
    try:
        s.sendall(req)
    except OSError:
        pass
    data = read_all(s)
    s.close()
    sys.stdout.write(data.split(b"\r\n\r\n", 1)[0].decode("latin-1").replace("\r", "") + "\n")


def cmd_timeout():
    s = connect("127.0.4.1", timeout=10.0)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
    t0 = time.monotonic()
    read_all(s)
    print("closed_after_s %.1f" % (time.monotonic() - t0))
    s.close()


def cmd_anon(n):
    held = []
    for i in range(n):
        s = connect("127.0.5.%d" % (1 + i))
        s.sendall(b"POST /login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 1000\r\n\r\nusername=slow")
        held.append(s)
    time.sleep(0.3)

    def status(req):
        s = connect("127.0.5.200")
        s.sendall(req)
        data = read_all(s)
        s.close()
        return data

    form = b"username=nobody&password=not-the-password"
    login = (b"POST /login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(form) + form)
    busy = status(login)
    print("busy_status %s" % busy[9:12].decode())
    print("busy_retry_after %d" % (b"\r\nRetry-After: " in busy))
    print("busy_csp %d" % (b"\r\nContent-Security-Policy: " in busy))
    get = status(b"GET /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    print("get_status %s" % get[9:12].decode())
    for s in held:
        s.close()
    time.sleep(0.3)
    print("after_status %s" % status(login)[9:12].decode())


def cmd_aborted(n, finding, cookie):
    head = (b"POST /findings/%d/evidence HTTP/1.1\r\nHost: t\r\nCookie: " % finding + cookie.encode() +
            b"\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n" % (4 << 20))
    piece = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n" + b"a" * (256 << 10)
    left = [n]
    lock = threading.Lock()
    sent = [0]

    def worker():
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            try:
                s = connect("127.0.4.%d" % (1 + left[0] % 50))
                s.sendall(head + piece)
                time.sleep(0.002)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                s.close()
                with lock:
                    sent[0] += 1
            except OSError:
                pass

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("aborted %d" % sent[0])


def main():
    global PORT
    cmd = sys.argv[1]
    PORT = int(sys.argv[2])
    if cmd == "probe":
        print("healthz_ms %.1f" % probe(int(sys.argv[3])))
    elif cmd == "slow":
        cmd_slow()
    elif cmd == "closed":
        cmd_closed()
    elif cmd == "bodies":
        cmd_bodies(int(sys.argv[3]))
    elif cmd == "raw":
        cmd_raw(sys.argv[3])
    elif cmd == "timeout":
        cmd_timeout()
    elif cmd == "anon":
        cmd_anon(int(sys.argv[3]))
    elif cmd == "aborted":
        cmd_aborted(int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
