#!/usr/bin/env python3
"""A loopback SMTP sink for the mail benchmark (Python 3 standard library only).

Speaks the few verbs a client needs (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), accepts
every message with 250 and appends one line per message to the log:

    <unix time>\t<Message-ID>\t<recipient,recipient…>\t<connection number>

The line is written (and flushed) when the message's final "." has arrived, before the 250 is
sent — as a real server that has taken responsibility for the message would. The port it
listens on (0 = any free port) is written to --port-file once it is ready. On SIGTERM it prints
how many connections and messages it saw to stderr.

    python3 bench/smtp_sink.py --log /tmp/mails.log --port-file /tmp/port
"""

import argparse
import asyncio
import os
import signal
import socket
import sys
import time

MAX_LINE = 1 << 20


class Stats:
    connections = 0
    messages = 0


def message_id(data: bytes) -> str:
    """The Message-ID header of a message (unfolded), or "-" if it has none."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
    lines = head.split("\r\n")
    for i, line in enumerate(lines):
        if line[:11].lower() == "message-id:":
            value = line[11:]
            for cont in lines[i + 1 :]:
                if cont[:1] in (" ", "\t"):
                    value += cont
                else:
                    break
            return value.strip() or "-"
    return "-"


async def session(reader, writer, log, delay, quickack):
    Stats.connections += 1
    conn = Stats.connections
    sock = writer.get_extra_info("socket")

    def ack_now():
        # Diagnostic only: acknowledge at once instead of the kernel's delayed ACK, which hides
        # a client's Nagle stall (a write-write-read pattern). Real servers do not do this.
        if quickack and sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    async def reply(text):
        writer.write(text.encode() + b"\r\n")
        await writer.drain()

    sender, rcpts = None, []
    try:
        await reply("220 sink.invalid ESMTP renkei bench sink")
        while True:
            line = await reader.readline()
            ack_now()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                writer.write(b"250-sink.invalid\r\n250-8BITMIME\r\n250-SIZE 33554432\r\n250 SMTPUTF8\r\n")
                await writer.drain()
            elif verb == "HELO":
                await reply("250 sink.invalid")
            elif verb == "MAIL":
                sender, rcpts = cmd[5:].strip(), []
                await reply("250 2.1.0 OK")
            elif verb == "RCPT":
                if sender is None:
                    await reply("503 5.5.1 MAIL first")
                    continue
                addr = cmd[5:].strip()
                if addr.upper().startswith("TO:"):
                    addr = addr[3:].strip()
                addr = addr.split(" ", 1)[0].strip("<>")
                rcpts.append(addr)
                await reply("250 2.1.5 OK")
            elif verb == "DATA":
                if sender is None or not rcpts:
                    await reply("503 5.5.1 RCPT first")
                    continue
                await reply("354 End data with <CR><LF>.<CR><LF>")
                chunks = []
                while True:
                    l = await reader.readline()
                    ack_now()
                    if not l:
                        return  # the client went away mid-message: nothing accepted
                    if l in (b".\r\n", b".\n"):
                        break
                    if l.startswith(b".."):
                        l = l[1:]
                    chunks.append(l)
                data = b"".join(chunks)
                if delay:
                    await asyncio.sleep(delay)
                Stats.messages += 1
                log.write(f"{time.time():.6f}\t{message_id(data)}\t{','.join(rcpts)}\t{conn}\n")
                log.flush()
                sender, rcpts = None, []
                await reply(f"250 2.0.0 OK queued as {Stats.messages}")
            elif verb == "RSET":
                sender, rcpts = None, []
                await reply("250 2.0.0 OK")
            elif verb == "NOOP":
                await reply("250 2.0.0 OK")
            elif verb == "VRFY":
                await reply("252 2.1.5 Cannot VRFY")
            elif verb == "QUIT":
                await reply("221 2.0.0 Bye")
                return
            else:
                await reply("502 5.5.2 Command not implemented")
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        return
    finally:
        writer.close()


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log", required=True, help="file to append one line per message to")
    ap.add_argument("--port-file", help="write the listening port here when ready")
    ap.add_argument("--quickack", action="store_true", help="diagnostic: ACK every read at once (TCP_QUICKACK)")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each 250 (a slow server)")
    args = ap.parse_args()
    log = open(args.log, "a", encoding="utf-8")
    server = await asyncio.start_server(
        lambda r, w: session(r, w, log, args.delay, args.quickack), args.host, args.port, limit=MAX_LINE
    )
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    print(f"smtp sink: {Stats.connections} connections, {Stats.messages} messages", file=sys.stderr)
    log.close()


if __name__ == "__main__":
    asyncio.run(main())
