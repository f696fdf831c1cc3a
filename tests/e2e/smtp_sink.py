#!/usr/bin/env python3
"""smtp_sink.py DIR: a local SMTP server (Debian's python3-aiosmtpd) for the
notification tests. Listens on 127.0.0.1 on a free port, writes that port to
DIR/port once it accepts connections, and each message it accepts to
DIR/NNNNNN.eml ("X-Rcpt: ..." lines, then the message as received), written
to a temporary name and renamed, so a reader never sees half a message.
Runs until killed."""
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller

out = sys.argv[1]
count = [0]


class Sink:
    async def handle_DATA(self, server, session, envelope):
        count[0] += 1
        name = os.path.join(out, "%06d.eml" % count[0])
        with open(name + ".tmp", "wb") as f:
            for r in envelope.rcpt_tos:
                f.write(b"X-Rcpt: " + r.encode() + b"\r\n")
            data = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
            f.write(data)
        os.rename(name + ".tmp", name)
        return "250 OK"


s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
c = Controller(Sink(), hostname="127.0.0.1", port=port)
c.start()
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
while True:
    time.sleep(3600)
