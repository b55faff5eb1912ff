"""A real SMTP server for koe's tests (Debian's python3-aiosmtpd, run by /usr/bin/python3).

Usage: smtp_server.py PORT SPOOL_DIR. Prints "ready" once it listens. Every message it accepts
is written to SPOOL_DIR/NNNNNN.json: envelope, decoded headers, decoded text parts and the raw
message. Two switch files let a test shape the server's behaviour:
  SPOOL_DIR/refuse  while it exists, messages get "451 try again later" and are not kept;
  SPOOL_DIR/hold    while it exists, the "250 OK" for a kept message is held back, so that a
                    test can kill the sender after the server took the message but before
                    the sender learned it.
"""

import asyncio
import email
import email.policy
import json
import os
import sys
import time

from aiosmtpd.controller import Controller


class Spool:
    def __init__(self, path):
        self.path = path
        self.count = 0

    def switch(self, name):
        return os.path.exists(os.path.join(self.path, name))

    async def handle_DATA(self, server, session, envelope):
        if self.switch("refuse"):
            return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() != "multipart":
                parts[part.get_content_type()] = part.get_content()
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": {name: str(value) for name, value in message.items()},
            "parts": parts,
            "raw": envelope.content.decode("utf-8", "replace"),
        }
        name = f"{self.count:06d}.json"
        temporary = os.path.join(self.path, "." + name)
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False)
        os.rename(temporary, os.path.join(self.path, name))
        while self.switch("hold"):
            await asyncio.sleep(0.05)
        return "250 OK"


def main():
    port, spool = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Spool(spool), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
